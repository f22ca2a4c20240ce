"""The notice, the register and the retention engine never disagree on how long data is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from io import StringIO
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.retention import MIN_FINANCIAL_YEARS, Category
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.fast_kdf import FAST_KDF
from tests.test_register_documents import flat, html_text

PASSPHRASE = "correct horse battery"

# How each category's period reads in the notice, in each language; the number is captured.
STATED = {
    "en": {
        Category.IDENTIFICATION: r"Identity and course data: (\d+) years? after the last contact\.",
        Category.PROSPECT: r"Prospects who never enrolled: (\d+) years? after the last contact\.",
        Category.FINANCIAL: r"Financial records \(payments\): (\d+) years? after the end of the "
        r"accounting year of the payment\.",
        Category.CONSENT: r"Consent proofs: (\d+) years? after the consent is withdrawn\.",
        Category.REQUEST: r"Request files: (\d+) years? after the request is closed\.",
    },
    "fr": {
        Category.IDENTIFICATION: r"Identité et données de cours : (\d+) ans? après le dernier "
        r"contact\.",
        Category.PROSPECT: r"[^:.]+ : (\d+) ans? après le dernier contact\.",
        Category.FINANCIAL: r": (\d+) ans? après la fin de l’exercice comptable du paiement\.",
        Category.CONSENT: r": (\d+) ans? après le retrait du consentement\.",
        Category.REQUEST: r": (\d+) ans? après la clôture de la demande\.",
    },
}  # fmt: skip


def stated_years(text: str, language: str) -> dict[Category, list[int]]:
    """Every number of years the notice states for each category."""
    found: dict[Category, list[int]] = {}
    for category, pattern in STATED[language].items():
        found[category] = [int(n) for n in re.findall(pattern, text)]
    return found


def new_workspace(folder: Path) -> Workspace:
    clock = FixedClock.on(date(2026, 11, 22))
    return create_workspace(folder, PASSPHRASE, clock, kdf=FAST_KDF)


def test_the_notice_states_exactly_the_policies_whatever_they_are(tmp_path: Path) -> None:
    workspace = new_workspace(tmp_path / "vault")
    years = st.integers(min_value=1, max_value=100)
    policy = st.fixed_dictionaries(
        {
            Category.IDENTIFICATION: years,
            Category.PROSPECT: years,
            Category.FINANCIAL: st.integers(min_value=MIN_FINANCIAL_YEARS, max_value=100),
            Category.CONSENT: years,
            Category.REQUEST: years,
        }
    )

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(policy=policy, language=st.sampled_from(["en", "fr"]))
    def check(policy: dict[Category, int], language: str) -> None:
        for category, value in policy.items():
            workspace.retention.set_policy(category, value)
        engine = workspace.retention.policies()
        text = html_text(workspace.register.notice_document(language, "html"))
        stated = stated_years(text, language)
        for category in Category:
            # Prospect and identification share their words in French: both numbers appear.
            if language == "fr" and category is Category.PROSPECT:
                assert engine.of(category) in stated[category]
                continue
            assert stated[category] == [engine.of(category)], (category, stated)

    with workspace:
        check()


def test_the_register_states_each_activity_s_policy(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        workspace.retention.set_policy("financial", 8)
        workspace.retention.set_policy("consent", 1)
        text = flat(text_of(workspace.register.register_pdf("en")))
        assert "8 years after the end of the accounting year of the payment" in text
        assert "10 years after the end" not in text
        assert "1 year after the consent is withdrawn" in text
        assert "1 years" not in text


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(vault: Path, *argv: str, lang: str = "en") -> Run:
    env = {
        "COURSENPLUS_PASSPHRASE": PASSPHRASE,
        "COURSENPLUS_VAULT": str(vault),
        "COURSENPLUS_LANG": lang,
        "COURSENPLUS_TODAY": "2026-11-22",
    }
    cli = Cli(kdf=FAST_KDF, env=env, stdout=StringIO(), stderr=StringIO(), interactive=False)
    code = main(list(argv), cli)
    assert isinstance(cli.stdout, StringIO) and isinstance(cli.stderr, StringIO)
    return Run(code, cli.stdout.getvalue(), cli.stderr.getvalue())


def test_policy_set_changes_the_regenerated_notice(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    new_workspace(vault).close()
    before = tmp_path / "before.html"
    assert run(vault, "notice", "--out", str(before)).code == 0
    assert "5 years after the last contact" in html_text(before.read_bytes())

    assert run(vault, "policy", "set", "identification", "--years", "4").code == 0

    for name, lang in [("after.html", "en"), ("after.pdf", "en"), ("apres.pdf", "fr")]:
        out = tmp_path / name
        assert run(vault, "notice", "--out", str(out), lang=lang).code == 0
        data = out.read_bytes()
        text = html_text(data) if name.endswith(".html") else flat(text_of(data))
        stated = stated_years(text, lang)[Category.IDENTIFICATION]
        assert stated == [4], (name, stated)
        assert 5 not in stated
    english = html_text((tmp_path / "after.html").read_bytes())
    assert "4 years after the last contact" in english
    assert "5 years after the last contact" not in english
