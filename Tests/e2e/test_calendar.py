"""The calendar feeds read by an independent iCalendar parser (icalendar, from PyPI), field by field."""
import datetime

import icalendar
import requests


def feed(base, path, **headers):
    response = requests.get(base + path, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/calendar")
    return response


def test_the_public_feed_parses_and_says_what_the_site_says(base):
    response = feed(base, "/calendar.ics")
    raw = response.content
    # CRLF line ends; no line longer than 75 octets.
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    summit = events["meeting-summit-6@cica-platform"]
    # An all-day meeting of two days: 12 and 13 October 2022, the end exclusive.
    assert summit.decoded("DTSTART") == datetime.date(2022, 10, 12)
    assert summit.decoded("DTEND") == datetime.date(2022, 10, 14)
    assert "Astana" in str(summit["LOCATION"]) and str(summit["STATUS"]) == "CONFIRMED"
    assert int(summit["SEQUENCE"]) == 0 and isinstance(summit.decoded("DTSTAMP"), datetime.datetime)
    day = events["official-day-cica-day@cica-platform"]
    assert day.decoded("DTSTART") == datetime.date(1992, 10, 5) and day.decoded("DTEND") == datetime.date(1992, 10, 6)
    assert day["RRULE"]["FREQ"] == ["YEARLY"] and str(day["SUMMARY"]) == "CICA Day"
    # Every UID once; the feed is stable, so a client's copy stays valid (ETag, 304).
    assert len(events) == len(calendar.walk("VEVENT"))
    again = requests.get(base + "/calendar.ics", headers={"If-None-Match": response.headers["ETag"]}, timeout=30)
    assert again.status_code == 304


def test_an_organs_feed_and_russian(base):
    calendar = icalendar.Calendar.from_ical(feed(base, "/organs/summit/calendar.ics?lang=ru").content)
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert uids and all(uid.startswith("meeting-summit-") for uid in uids)
    assert "СВМДА" in str(calendar["X-WR-CALNAME"])
    assert requests.get(base + "/organs/nowhere/calendar.ics", timeout=30).status_code == 404


def test_a_planned_meeting_changes_and_is_cancelled_in_the_feed(base, token):
    """A meeting the Secretariat plans: TENTATIVE with SEQUENCE 0; each change raises SEQUENCE, the UID stays; once
    cancelled it stays in the feed as CANCELLED, so that calendar clients remove it."""
    auth = {"Authorization": f"Bearer {token}"}
    planned = requests.post(base + "/api/v1/meetings", headers=auth, timeout=30, json={
        "organ": "special-working-group", "kind": "informal", "format": "online",
        "title": "Informal meeting of the Special Working Group on the sidelines of the UN General Assembly",
        "start": "2027-09-24", "end": "2027-09-25"})
    assert planned.status_code == 201, planned.text
    meeting = planned.json()["meeting"]["id"]
    uid = f"meeting-{meeting}@cica-platform"

    def event():
        calendar = icalendar.Calendar.from_ical(feed(base, "/calendar.ics").content)
        found = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
        assert len(found) == 1
        return found[0]

    first = event()
    assert int(first["SEQUENCE"]) == 0 and str(first["STATUS"]) == "TENTATIVE"
    assert first.decoded("DTSTART") == datetime.date(2027, 9, 24) and first.decoded("DTEND") == datetime.date(2027, 9, 26)
    # The long title is folded at 75 octets and unfolds to the same text.
    assert str(first["SUMMARY"]).endswith("UN General Assembly")
    moved = requests.post(base + f"/api/v1/meetings/{meeting}/facts", headers=auth, timeout=30, json={
        "kind": "informal", "format": "online", "title": "Informal meeting of the Special Working Group on the sidelines of the UN General Assembly",
        "start": "2027-09-25"})
    assert moved.status_code == 200, moved.text
    second = event()
    assert int(second["SEQUENCE"]) == 1 and second.decoded("DTSTART") == datetime.date(2027, 9, 25)
    assert second.decoded("DTEND") == datetime.date(2027, 9, 26)
    # Its hours in New York: a timed event in the venue's zone, described by a VTIMEZONE the parser reads.
    timed = requests.post(base + f"/api/v1/meetings/{meeting}/facts", headers=auth, timeout=30, json={
        "kind": "informal", "format": "online", "title": "Informal meeting of the Special Working Group on the sidelines of the UN General Assembly",
        "start": "2027-09-25", "opens": "15:00", "closes": "17:30", "timeZone": "America/New_York"})
    assert timed.status_code == 200, timed.text
    assert timed.json()["meeting"]["hours"] == {"opens": "15:00", "closes": "17:30", "timeZone": "America/New_York"}
    raw = feed(base, "/calendar.ics").content
    assert b"DTSTART;TZID=America/New_York:20270925T150000\r\n" in raw
    zones = [str(z["TZID"]) for z in icalendar.Calendar.from_ical(raw).walk("VTIMEZONE")]
    assert zones.count("America/New_York") == 1
    third = event()
    start, end = third.decoded("DTSTART"), third.decoded("DTEND")
    assert int(third["SEQUENCE"]) == 2
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2027, 9, 25, 15, 0)
    assert start.utcoffset() == datetime.timedelta(hours=-4) and end - start == datetime.timedelta(hours=2, minutes=30)
    assert start.astimezone(datetime.timezone.utc).hour == 19
    cancelled = requests.post(base + f"/api/v1/meetings/{meeting}/cancel", headers=auth, timeout=30, json={"reason": "Postponed."})
    assert cancelled.status_code == 200, cancelled.text
    fourth = event()
    assert int(fourth["SEQUENCE"]) == 3 and str(fourth["STATUS"]) == "CANCELLED"
