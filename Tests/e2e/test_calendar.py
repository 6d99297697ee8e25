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
