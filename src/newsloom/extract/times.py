"""Clock times with their zones ("3 p.m. London time", "10 a.m. ET", "midday Washington time", "14 Uhr MEZ").

The zone is looked for just after the time, where reporters put it, and mapped to an IANA zone; the conversion
to UTC waits for a date (`to_utc`), since a zone's offset depends on daylight saving.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from newsloom.model import ClockTime, Sentence

CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
    r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>\d{2})(?:\s*(?:h|uhr)\b)?"
    r"|\b(?:um\s+)(?P<hde>[01]?\d|2[0-3])(?:[.:](?P<mde>\d{2}))?\s*uhr\b"
    r"|\b(?P<word>midday|noon|midnight|mittag|mitternacht)\b",
    re.IGNORECASE,
)
ZONES = {
    "london": "Europe/London", "washington": "America/New_York", "new york": "America/New_York",
    "moscow": "Europe/Moscow", "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv", "berlin": "Europe/Berlin",
    "paris": "Europe/Paris", "brussels": "Europe/Brussels", "beijing": "Asia/Shanghai", "tokyo": "Asia/Tokyo",
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York", "ct": "America/Chicago",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "gmt": "Etc/UTC", "utc": "Etc/UTC", "bst": "Europe/London", "cet": "Europe/Berlin", "cest": "Europe/Berlin",
    "mez": "Europe/Berlin", "mesz": "Europe/Berlin", "msk": "Europe/Moscow", "eet": "Europe/Kyiv",
}  # fmt: skip
ZONE_AFTER = re.compile(
    r"\b(?P<city>london|washington|new york|moscow|kyiv|kiev|berlin|paris|brussels|beijing|tokyo)\s+time\b"
    r"|\b(?P<abbr>ET|EST|EDT|CT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|MEZ|MESZ|MSK|EET)\b",
    re.IGNORECASE,
)
ZONE_WINDOW = 45
"""Characters after a time in which its zone is looked for ("around 3p.m. The time is London time.")."""


def find_times(text: str, sentences: list[Sentence]) -> list[ClockTime]:
    found = []
    for match in CLOCK.finditer(text):
        local = _local(match)
        if local is None:
            continue
        zone_match = ZONE_AFTER.search(text, match.end(), match.end() + ZONE_WINDOW)
        zone = None
        if zone_match:
            key = (zone_match.group("city") or zone_match.group("abbr") or "").lower()
            zone = ZONES.get(key)
        index = next((s.index for s in sentences if s.start <= match.start() < s.end), -1)
        found.append(ClockTime(match.group().strip(), local, zone, match.start(), match.end(), index))
    return found


def _local(match: re.Match[str]) -> str | None:
    if match.group("word"):
        return "00:00" if match.group("word").lower() in ("midnight", "mitternacht") else "12:00"
    if match.group("h"):
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
        if hour > 12:
            return None
        pm = match.group("ampm").lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    elif match.group("h24"):
        hour, minute = int(match.group("h24")), int(match.group("m24"))
    else:
        hour, minute = int(match.group("hde")), int(match.group("mde") or 0)
    if minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def to_utc(local: str, zone: str | None, day: date | None) -> str | None:
    """`HH:MM` UTC of a local time in `zone` on `day` (the offset depends on the date)."""
    if zone is None or day is None:
        return None
    hour, minute = map(int, local.split(":"))
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    utc = moment.astimezone(ZoneInfo("Etc/UTC"))
    return f"{utc.hour:02d}:{utc.minute:02d}"
