"""Names and places for synthetic Belgian demo data: French-speaking families (with Brussels'
many others) and Flemish ones."""

from dataclasses import dataclass

GIVEN_NAMES = (
    "Emma",
    "Louise",
    "Olivia",
    "Léa",
    "Zoë",
    "Hélène",
    "Chloé",
    "Inès",
    "Manon",
    "Juliette",
    "Noah",
    "Louis",
    "Arthur",
    "Jules",
    "Gabriel",
    "Adam",
    "Victor",
    "Lucas",
    "Mathis",
    "Théo",
    "Lotte",
    "Fien",
    "Noor",
    "Lien",
    "Marie",
    "Anouk",
    "Elise",
    "Femke",
    "Jasper",
    "Wout",
    "Stijn",
    "Pieter",
    "Bram",
    "Ruben",
    "Lars",
    "Sem",
    "Mohamed",
    "Yasmine",
    "Amine",
    "Salma",
    "Ayşe",
    "Çağla",
    "Łukasz",
    "Agnieszka",
    "Đorđe",
    "Sofía",
    "Björn",
    "Zoé",
    "Anaïs",
    "Maël",
    "François",
    "Aurélie",
    "Cédric",
    "Benoît",
    "Geneviève",
    "Jérôme",
    "Nathalie",
    "Sébastien",
)

FAMILY_NAMES = (
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Simon",
    "Laurent",
    "Leclercq",
    "Lejeune",
    "Renard",
    "Mertens",
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Van den Broeck",
    "Vermeulen",
    "Van Damme",
    "De Backer",
    "Hermans",
    "Michiels",
    "El Amrani",
    "Benali",
    "Yılmaz",
    "Kowalski",
    "Wałęsa",
    "Nowak",
    "Petrović",
    "Ødegaard",
    "Fernández",
    "Müller",
    "Straße",
    "Lefèvre",
    "Denis",
    "Dumont",
    "Collignon",
    "Gérard",
    "Henrard",
    "Lemaître",
    "Mathieu",
    "Noël",
    "Piérard",
    "Rousseau",
    "Thiry",
    "Vandenberghe",
)

SCHOOLS = (
    "Athénée Royal d'Uccle",
    "Collège Saint-Michel",
    "Institut Saint-Louis",
    "Lycée Émile Jacqmain",
    "Sint-Jan Berchmanscollege",
    "Athénée Fernand Blum",
    "Institut de la Providence",
    "École européenne de Bruxelles",
    "Koninklijk Atheneum Etterbeek",
    "Collège Saint-Pierre",
)

SCHOOL_YEARS = ("1P", "2P", "3P", "4P", "5P", "6P", "1S", "2S", "3S", "4S", "5S", "6S")

CITIES = (
    ("1000", "Bruxelles"),
    ("1050", "Ixelles"),
    ("1060", "Saint-Gilles"),
    ("1080", "Molenbeek-Saint-Jean"),
    ("1180", "Uccle"),
    ("1190", "Forest"),
    ("1200", "Woluwe-Saint-Lambert"),
    ("1300", "Wavre"),
    ("1348", "Louvain-la-Neuve"),
    ("1410", "Waterloo"),
)

STREETS = (
    "rue de la Loi",
    "avenue Louise",
    "chaussée de Waterloo",
    "rue Haute",
    "boulevard Anspach",
    "rue du Midi",
    "avenue de Tervueren",
    "rue Royale",
    "Kerkstraat",
    "Stationsstraat",
)

COURSES = (
    ("Mathématiques", "secondaire", "group"),
    ("Mathématiques", "primaire", "group"),
    ("Français", "secondaire", "group"),
    ("Néerlandais", "secondaire", "group"),
    ("Anglais", "secondaire", "group"),
    ("Sciences", "secondaire", "group"),
    ("Physique", "secondaire", "private"),
    ("Chimie", "secondaire", "private"),
    ("Méthode de travail", "secondaire", "group"),
    ("Préparation au CEB", "primaire", "holiday"),
    ("Préparation au CE1D", "secondaire", "holiday"),
    ("Remise à niveau", "secondaire", "holiday"),
)

PLACES = ("Salle A, rue de la Loi 12", "Salle B, avenue Louise 140", "Local paroissial, Uccle")
SCHEDULES = ("mercredi 14:00–16:00", "samedi 10:00–12:00", "lundi 16:30–18:00", "jeudi 17:00–19:00")
CONTACT_SUMMARIES = (
    "Demande d'information",
    "Inscription",
    "Suivi des progrès",
    "Question sur l'horaire",
    "Réunion avec les parents",
)

# Flemish families (Flanders and Dutch-speaking Brussels): their names, places and
# schools, and what their records say in Dutch. Their language is "nl".
FLEMISH_GIVEN_NAMES = (
    "Lotte", "Fien", "Noor", "Lien", "Anouk", "Femke", "Marie", "Elise", "Hanne", "Jana",
    "Ine", "Sien", "Lore", "Nele", "Saar", "Ellen", "An", "Katrien", "Griet", "Veerle",
    "Jasper", "Wout", "Stijn", "Pieter", "Bram", "Ruben", "Lars", "Sem", "Warre", "Seppe",
    "Jef", "Tuur", "Lowie", "Mathis", "Koen", "Geert", "Bart", "Tom", "Dirk", "Yasmine",
    "Mohamed", "Eline", "Jozefien", "Joren", "Thijs", "Febe",
)  # fmt: skip

FLEMISH_FAMILY_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Hermans", "Aerts", "Michiels", "Van den Broeck",
    "Vermeulen", "Van Damme", "De Backer", "Verstraete", "Vandenberghe", "De Clercq",
    "Van de Velde", "Desmet", "Lemmens", "Cools", "Verhoeven", "Coppens", "Smets",
    "Van Aken", "Vanderheyden", "D'Hondt", "Ceulemans", "Vercammen", "Wuyts", "Ooms",
)  # fmt: skip

FLEMISH_SCHOOLS = (
    "Sint-Jan Berchmanscollege",
    "Koninklijk Atheneum Etterbeek",
    "Sint-Barbaracollege Gent",
    "Heilig-Hartcollege Wezembeek-Oppem",
    "GO! Atheneum Mechelen",
    "Sint-Lodewijkscollege Brugge",
    "Basisschool De Knipoog",
    "Sint-Jozefsinstituut Leuven",
    "Don Boscocollege Zwijnaarde",
    "Gemeentelijke Basisschool Dilbeek",
)

FLEMISH_SCHOOL_YEARS = (
    "1ste leerjaar", "2de leerjaar", "3de leerjaar", "4de leerjaar", "5de leerjaar",
    "6de leerjaar", "1ste middelbaar", "2de middelbaar", "3de middelbaar", "4de middelbaar",
    "5de middelbaar", "6de middelbaar",
)  # fmt: skip

FLEMISH_CITIES = (
    ("1000", "Brussel"),
    ("1700", "Dilbeek"),
    ("1800", "Vilvoorde"),
    ("1930", "Zaventem"),
    ("1970", "Wezembeek-Oppem"),
    ("2000", "Antwerpen"),
    ("2800", "Mechelen"),
    ("3000", "Leuven"),
    ("8000", "Brugge"),
    ("9000", "Gent"),
)

FLEMISH_STREETS = (
    "Kerkstraat",
    "Stationsstraat",
    "Dorpsstraat",
    "Molenstraat",
    "Schoolstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Veldstraat",
    "Brusselsesteenweg",
    "Naamsestraat",
)

FLEMISH_CONTACT_SUMMARIES = (
    "Vraag om informatie",
    "Inschrijving",
    "Opvolging van de vorderingen",
    "Vraag over het uurrooster",
    "Oudercontact",
)


@dataclass(frozen=True)
class Community:
    """The names, places and words of one language community's families."""

    language: str
    given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    schools: tuple[str, ...]
    school_years: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]
    streets: tuple[str, ...]
    contact_summaries: tuple[str, ...]
    relationships: tuple[str, str]  # the first guardian's, the second's
    payment: tuple[str, str]  # method, purpose


FRENCH_SPEAKING = Community(
    "fr", GIVEN_NAMES, FAMILY_NAMES, SCHOOLS, SCHOOL_YEARS, CITIES, STREETS, CONTACT_SUMMARIES,
    ("mère", "père"), ("virement", "cours"),
)  # fmt: skip
FLEMISH = Community(
    "nl", FLEMISH_GIVEN_NAMES, FLEMISH_FAMILY_NAMES, FLEMISH_SCHOOLS, FLEMISH_SCHOOL_YEARS,
    FLEMISH_CITIES, FLEMISH_STREETS, FLEMISH_CONTACT_SUMMARIES, ("moeder", "vader"),
    ("overschrijving", "cursus"),
)  # fmt: skip
# One family in three is Flemish, as in a Brussels association.
COMMUNITIES = (FRENCH_SPEAKING, FRENCH_SPEAKING, FLEMISH)
