"""The public surface stays small and intentional."""

import newsloom


def test_public_names() -> None:
    expected = ["Article", "Config", "InputError", "Loom", "NewsloomError", "Outcome", "RunReport", "StoreError", "Story"]
    assert sorted(newsloom.__all__) == expected


def test_errors_form_one_hierarchy() -> None:
    assert issubclass(newsloom.InputError, newsloom.NewsloomError) and issubclass(newsloom.StoreError, newsloom.NewsloomError)
    assert str(newsloom.InputError("a.txt", "file is empty")) == "a.txt: file is empty"
