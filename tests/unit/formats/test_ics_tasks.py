"""The VTODOs sync writes for promises and reconnects: read by Mozilla's ical.js as written, and
what comes back from the phone (completed or not, whose task it is) read correctly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from companion.interop.ics_export import EntryKind
from companion.interop.ics_tasks import TaskContent, read_task, task_calendar
from tests.support.icaljs import parse_text_with_icaljs

STAMP = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
OPEN_PROMISE = TaskContent(
    EntryKind.PROMISE, "o1", "Promise to Zoë Ñúñez: send the “draft”, 50% done", date(2027, 3, 5)
)
KEPT = TaskContent(
    EntryKind.PROMISE, "o2", "Promise to Ana: call", date(2027, 3, 5), date(2027, 3, 4)
)
RECONNECT = TaskContent(
    EntryKind.RECONNECT, "p1", "Get back in touch with " + "Ana " * 40, date(2027, 4, 1)
)


@pytest.mark.parametrize("task", [OPEN_PROMISE, KEPT, RECONNECT], ids=["open", "kept", "reconnect"])
def test_every_task_written_is_read_by_icaljs_as_written(task: TaskContent, tmp_path: Path) -> None:
    # When a task is written
    text = task_calendar(task, stamp=STAMP).decode("utf-8")
    # Then ical.js reads it with its summary, due day, status, id and (when open) an alarm
    [calendar] = parse_text_with_icaljs(text, tmp_path, suffix=".ics")
    [todo] = calendar.children("vtodo")
    assert todo.first("summary") == task.summary
    assert todo.first("due") == task.due.isoformat()
    assert todo.first("uid") == task.uid
    assert todo.first("x-common-ground-id") == task.record
    if task.completed_on is None:
        assert todo.first("status") == "NEEDS-ACTION"
        [alarm] = todo.children("valarm")
        assert (alarm.first("action"), alarm.first("trigger")) == ("DISPLAY", "PT9H")
    else:
        assert todo.first("status") == "COMPLETED"
        assert todo.children("valarm") == []


def test_a_task_back_from_the_phone_says_whose_it_is_and_whether_it_is_done() -> None:
    # Given our task, completed on the phone by setting only COMPLETED (as some apps do)
    text = task_calendar(OPEN_PROMISE, stamp=STAMP).decode("utf-8")
    done = text.replace("STATUS:NEEDS-ACTION\r\n", "COMPLETED:20270302T080000Z\r\n")
    # Then it is read as our promise, done, due on its day
    state = read_task(done)
    assert state is not None
    assert (state.kind, state.record_id, state.completed, state.due) == (
        EntryKind.PROMISE, "o1", True, date(2027, 3, 5)
    )  # fmt: skip
    # And the open one is not done; someone else's task or a broken text is not ours
    open_state = read_task(text)
    assert open_state is not None and not open_state.completed
    foreign = text.replace(OPEN_PROMISE.uid, "abc@phone").replace(
        "X-COMMON-GROUND-ID:promise:o1\r\n", ""
    )
    assert read_task(foreign) is None
    assert read_task("not a calendar") is None
