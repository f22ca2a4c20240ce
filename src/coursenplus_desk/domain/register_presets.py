"""The activities a new vault starts with: a tutoring association (asbl Cours en Plus's notice).

Each text is an English message id with a French translation in register.po,
so a new vault's register and notice read well in both languages; the
association edits them to fit. The website's analytics cookies of that notice
are not processed by this program and are left out. Retention names a
retention category; the number of years always comes from the policies.
"""

from __future__ import annotations

from coursenplus_desk.domain.register import LegalBasis
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.i18n import N_

SECURITY = N_(
    "Kept only on the administrators' computers, offline, in a file encrypted with "
    "SQLCipher (AES-256) that opens only with a passphrase; access limited to the "
    "administrators; every change, export and document recorded in an audit log; "
    "erased data is purged from the file."
)
TUTORS_AND_LAW = N_(
    "Tutors, as processors, only what they need to run their courses; public authorities "
    "only when the law or a court requires it."
)

PRESET_ACTIVITIES: tuple[dict[str, str], ...] = (
    {
        "name": N_("Organising courses and communicating with students, parents and tutors"),
        "purpose": N_(
            "Enrolling students, organising courses (schedules and groups of students), "
            "communicating with students, their parents or legal guardians when they are "
            "minors, and tutors, and checking that the courses are effective."
        ),
        "legal_basis": LegalBasis.CONTRACT,
        "people": N_(
            "Students (enrolled), their parents or legal guardians when they are minors, tutors."
        ),
        "data": N_(
            "Identification and contact data; school year, school attended and type of course "
            "requested; schedules, groups and attendance; contacts with the association."
        ),
        "recipients": TUTORS_AND_LAW,
        "retention": Category.IDENTIFICATION,
        "security": SECURITY,
    },
    {
        "name": N_("Answering requests for information about our courses"),
        "purpose": N_(
            "Answering people who ask for information about our courses through the contact "
            "form, by email, by phone or in person, before any enrolment."
        ),
        "legal_basis": LegalBasis.CONTRACT,
        "people": N_("Prospective students and their parents who asked for information."),
        "data": N_("Limited identification and contact data; the type of course asked about."),
        "recipients": N_("None."),
        "retention": Category.PROSPECT,
        "security": SECURITY,
    },
    {
        "name": N_("Accounting"),
        "purpose": N_("Keeping the association's accounts: fees, payments and invoices."),
        "legal_basis": LegalBasis.LEGAL_OBLIGATION,
        "people": N_("Students, their parents or legal guardians, and other people who pay."),
        "data": N_("Name of the payer; amounts, dates, references and purposes of payments."),
        "recipients": N_(
            "The association's accountant (processor); the tax administration when the law "
            "requires it."
        ),
        "retention": Category.FINANCIAL,
        "security": SECURITY,
    },
    {
        "name": N_("Information about future activities"),
        "purpose": N_(
            "Telling students and their parents about the association's future activities "
            "(holiday courses and the like); anyone may object at any time."
        ),
        "legal_basis": LegalBasis.LEGITIMATE_INTEREST,
        "people": N_("Students and their parents or legal guardians."),
        "data": N_("Name, email address, postal address, language."),
        "recipients": N_("None."),
        "retention": Category.IDENTIFICATION,
        "security": SECURITY,
    },
    {
        "name": N_("Proof of consent"),
        "purpose": N_(
            "Keeping the proof of consents given and withdrawn (photos, testimonials, "
            "newsletters) to show that they were freely given."
        ),
        "legal_basis": LegalBasis.LEGAL_OBLIGATION,
        "people": N_("Students, parents or legal guardians, tutors and members who consented."),
        "data": N_("Purpose of the consent, when and how it was given, confirmed and withdrawn."),
        "recipients": N_("None."),
        "retention": Category.CONSENT,
        "security": SECURITY,
    },
    {
        "name": N_("Answering requests about personal data"),
        "purpose": N_(
            "Answering requests to access, correct, erase, restrict, port or object to the "
            "processing of personal data, within the legal deadline."
        ),
        "legal_basis": LegalBasis.LEGAL_OBLIGATION,
        "people": N_("Anyone who makes such a request, and the person it concerns."),
        "data": N_(
            "The request, the record that the identity was checked (no copy of an identity "
            "document), the reply and its documents."
        ),
        "recipients": N_("The supervisory authority if it asks."),
        "retention": Category.REQUEST,
        "security": SECURITY,
    },
)

# The activity each consent purpose of the ledger serves: every purpose offered on a form
# has a consent-based activity in the register (schema 21 adds them to existing vaults).
FUTURE_ACTIVITIES = PRESET_ACTIVITIES[3]["name"]
FUTURE_ACTIVITIES_PURPOSE = N_(
    "Telling students and their parents about the association's future activities (courses, "
    "holiday courses and the like), when they agreed to it; the consent can be withdrawn at "
    "any time."
)
FUTURE_ACTIVITIES_PURPOSES = ("future-courses", "holiday-courses")
NO_RECIPIENTS = N_("None.")
# Recipients the presets name only for when the law requires it, or the tutors as a whole
# (each tutor is named from the courses): nobody to tell of a rectification or an erasure.
CONDITIONAL_RECIPIENTS = frozenset({TUTORS_AND_LAW, N_("The supervisory authority if it asks.")})

CONSENT_ACTIVITIES: tuple[dict[str, str], ...] = (
    {
        "name": N_("Newsletter"),
        "purpose": N_(
            "Sending the association's newsletter to people who asked for it and confirmed "
            "their address (double opt-in); every message has a link to unsubscribe."
        ),
        "legal_basis": LegalBasis.CONSENT,
        "people": N_("Students, parents or legal guardians, members and others who subscribed."),
        "data": N_("Name, email address, language; the proof of the consent."),
        "recipients": NO_RECIPIENTS,
        "retention": Category.IDENTIFICATION,
        "security": SECURITY,
        "consent_purposes": "newsletter",
    },
    {
        "name": N_("Photos and testimonials"),
        "purpose": N_(
            "Publishing photos and testimonials of students and members (website, leaflets, "
            "social media), only with the consent of the person or, for a minor, of a parent "
            "or legal guardian."
        ),
        "legal_basis": LegalBasis.CONSENT,
        "people": N_("Students, members, and their parents or legal guardians who consented."),
        "data": N_("Photos, testimonials, and the name published with them if agreed."),
        "recipients": N_("The public, where the photos and testimonials are published."),
        "retention": Category.IDENTIFICATION,
        "security": SECURITY,
        "consent_purposes": "photos,testimonials",
    },
    {
        "name": N_("Health information needed during the courses"),
        "purpose": N_(
            "Keeping a student safe during the courses: allergies, treatments and what to do "
            "in an emergency, as the parent or guardian wrote them."
        ),
        "legal_basis": LegalBasis.CONSENT,
        "people": N_(
            "Students for whom a parent or guardian (or, as adults, they themselves) gave "
            "explicit consent."
        ),
        "data": N_("Health information (a special category of data); the proof of the consent."),
        "recipients": N_(
            "Only the association's administrators; a tutor is told only what a student's "
            "safety during a course requires."
        ),
        "retention": Category.HEALTH,
        "security": SECURITY,
        "consent_purposes": "health-data",
        "special_categories": "health",
    },
)
