"""How the bot tells faults apart: Retry-After values, edit-filter refusals, lost sessions."""

from __future__ import annotations

from pywikibot.exceptions import (
    AbuseFilterDisallowedError,
    APIError,
    EditConflictError,
    OtherPageSaveError,
    SpamblacklistError,
)

from wikilint.bot.wiki.bot import refusal_reason, session_lost
from wikilint.bot.wiki.retryafter import retry_after_seconds


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds("5") == 5.0
    assert retry_after_seconds(" 2.5 ") == 2.5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412500.0) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("-3") == 0.0


def _raised_from_api(error: APIError, make):
    """The exception ``make()`` gives, raised the way pywikibot raises it."""
    try:
        try:
            raise error
        except APIError:
            raise make() from None
    except Exception as raised:
        return raised


class _Page:
    def title(self, **kwargs):
        return "Talk:甲"


def test_abuse_filter_refusal_names_the_filter():
    answer = APIError("abusefilter-disallowed", "This action has been automatically identified "
                      "as harmful...", abusefilter={"id": "4", "description": "no links to x",
                                                    "actions": ["disallow"]})
    error = _raised_from_api(answer, lambda: AbuseFilterDisallowedError(_Page(), info=answer.info))
    assert refusal_reason(error) == "abuse filter 4 refused the edit: no links to x"
    bare = AbuseFilterDisallowedError(_Page(), info="disallowed: no links to x")
    assert refusal_reason(bare) == "an abuse filter refused the edit: disallowed: no links to x"
    assert refusal_reason(SpamblacklistError(_Page(), url="spam.example")) == (
        "the spam blacklist refused the edit: spam.example")
    assert refusal_reason(EditConflictError(_Page())) is None


def test_a_lost_session_is_told_from_other_save_errors():
    assert session_lost(OtherPageSaveError(_Page(), APIError("badtoken", "Invalid CSRF token."))) \
        == "badtoken"
    assert session_lost(APIError("assertuserfailed", "You are no longer logged in.")) \
        == "assertuserfailed"
    assert session_lost(OtherPageSaveError(_Page(), APIError("readonly", "locked"))) is None
    assert session_lost(OtherPageSaveError(_Page(), "badtoken")) is None
