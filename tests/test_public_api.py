"""The public surface stays small and intentional."""

import newsloom


def test_public_names() -> None:
    assert sorted(newsloom.__all__) == ["Article", "Config", "InputError", "Loom", "NewsloomError", "RunReport", "StoreError", "Story"]


def test_errors_form_one_hierarchy() -> None:
    assert issubclass(newsloom.InputError, newsloom.NewsloomError) and issubclass(newsloom.StoreError, newsloom.NewsloomError)
    assert str(newsloom.InputError("a.txt", "file is empty")) == "a.txt: file is empty"
