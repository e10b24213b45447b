"""A synthetic de-identification test set: interview-like sentences in English, Swedish and
Danish with planted names, places, institutions, e-mails, phone numbers, national ID numbers
and dates, each with its exact code-point offsets. Deterministic for a given seed.

The name and place pools here are written independently of the detector's word lists
(src/condense/deid/data): many common names are in both, as in real life, and about a fifth are
rarer names and small places that no list holds, so context rules must find them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

POOLS = {
    "en": {
        "first": "Sarah James Emily Thomas Rachel Daniel Hannah Matthew Laura Andrew Chloe Gareth Siobhan Priya "
                 "Callum Imogen Rhiannon Declan Bethan Tamsin Hamish Niamh Eilidh Ruaridh Marcus Olivia",
        "last": "Mitchell Thompson Okafor Bennett Hughes Whitfield Patel Greenwood Ashworth Pemberton Llewellyn "
                "Carmichael Fairbairn Oyelaran Nakamura Kowalski Brennan Dunleavy Hargreaves Sutcliffe",
        "place": "Harrogate Kendal Stockport Truro Wakefield Barnsley Ipswich Exeter Carlisle Penrith Morpeth "
                 "Hexham Bideford Ludlow Skipton Whitby Ashford Bangor Dumfries Oban",
        "inst": ["{place} Medical Centre", "{place} General Hospital", "{place} Health Centre",
                 "the {place} Surgery", "{place} Infirmary"],
    },
    "sv": {
        "first": "Anna Erik Maria Lars Karin Anders Eva Johan Kerstin Per Ingrid Mikael Birgitta Magnus Malin "
                 "Gunnel Torbjörn Ylva Agnetha Solveig Ingemar Britt-Marie Lennart Sixten Majken Evert",
        "last": "Andersson Johansson Lindqvist Eriksson Nyström Bergqvist Holmgren Sjöberg Wahlberg Lundmark "
                "Rönnbäck Ekdahl Hägglund Forsell Tjäder Grönvall Öhman Strömberg Nordqvist Wikander",
        "place": "Kalmar Umeå Växjö Luleå Östersund Falun Visby Skövde Hudiksvall Kiruna Vaxholm Skänninge "
                 "Töreboda Mullsjö Bjuv Åmål Sala Mora Ljusdal Kramfors",
        "inst": ["Vårdcentralen {street}", "{place} sjukhus", "vårdcentralen i {place}", "{place} vårdcentral",
                 "Hälsocentralen {street}", "Länssjukhuset i {place}"],
        "street": "Norrmalm Centrum Tallbacken Solrosen Björkdalen Ekorren Gripen Lärkan",
    },
    "da": {
        "first": "Mette Jens Hanne Søren Lone Niels Kirsten Rasmus Pia Morten Bodil Anders Sanne Thorkild "
                 "Gry Esben Vibeke Asbjørn Dorte Palle Jytte Kasper Ditte Bjarke",
        "last": "Nielsen Jensen Hansen Pedersen Sørensen Rasmussen Nørgaard Østergaard Kjærsgaard Bundgaard "
                "Fogh Lykke Thygesen Krogh Brøndum Vestergaard Overgaard Damsgaard Schou Hvidberg",
        "place": "Aarhus Odense Aalborg Esbjerg Vejle Viborg Holstebro Svendborg Aabenraa Hjørring Skive "
                 "Skævinge Tølløse Brædstrup Hornbæk Vemb Them Nykøbing Ærøskøbing Give",
        "inst": ["{place} Sygehus", "Lægehuset {street}", "lægehuset i {place}", "Sygehus {place}",
                 "{place} Sundhedshus", "Regionshospitalet {place}"],
        "street": "Torvet Åparken Bøgen Egeskov Vestergade Solsikken Kastanjen",
    },
}
PHONES = {"en": ["020 7946 0{n3}", "07700 900{n3}", "01632 960{n3}", "+44 7700 900{n3}"],
          "sv": ["070-{n3} {n2} {n2}", "08-{n3} {n3} {n2}", "+46 70 {n3} {n2} {n2}", "0{n3}-{n2} {n2} {n2}"],
          "da": ["{n2} {n2} {n2} {n2}", "+45 {n2} {n2} {n2} {n2}", "{n4} {n4}"]}
MONTHS = {"en": "January February March April May June July August September October November December",
          "sv": "januari februari mars april maj juni juli augusti september oktober november december",
          "da": "januar februar marts april maj juni juli august september oktober november december"}

# Sentences with slots: {person} full name, {first}, {dr} title + surname, {place}, {inst}, {email},
# {phone}, {id}, {date}. Slot-free sentences (with capitalised non-identifiers) test precision.
TEMPLATES = {
    "en": [
        "My colleague {person} was the first to try video visits here.",
        "I asked {dr} whether the camera was good enough for skin checks.",
        "{person} from the practice manager's office sorted out the licences.",
        "We had a patient from {place} who could not get the link to work.",
        "I trained at {inst} before I moved to {place}.",
        "When I phoned {first} she had already booked the video slot.",
        "The receptionist said to e-mail {email} if the link fails.",
        "Patients can ring {phone} to change to a video appointment.",
        "His NHS number, {id}, was on the wrong letter.",
        "The first video clinic was on {date} and it was chaotic.",
        "I spoke to {first} about it and {first2} agreed with her.",
        "A lot of older people in {place} do not have broadband.",
        "We use Zoom for some things and Microsoft Teams for meetings.",
        "During Covid the NHS told us to do everything remotely.",
        "On Monday mornings I do telephone triage, and on Friday video.",
        "I think the GP role changed more in two years than in twenty.",
        "We tried Webex and Attend Anywhere before settling on one system.",
        "Swedish and Danish colleagues told us about their video hubs.",
        "Patients with Parkinson's found the camera hard to use.",
        "Ventolin reviews were the easiest thing to do by video.",
        "The Quality and Outcomes Framework never mentioned video at all.",
        "Christmas was always the busiest time for calls.",
    ],
    "sv": [
        "Min kollega {person} var den första som testade videobesök.",
        "Jag frågade {dr} om kameran räckte för hudbesök.",
        "{person} på expeditionen ordnade licenserna.",
        "Vi hade en patient från {place} som inte fick länken att fungera.",
        "Jag jobbade på {inst} innan jag flyttade till {place}.",
        "När jag ringde {first} hade hon redan bokat videotiden.",
        "Receptionen sa att man skulle mejla {email} om länken inte fungerar.",
        "Patienterna kan ringa {phone} för att byta till videobesök.",
        "Hans personnummer {id} stod på fel remiss.",
        "Den första videomottagningen var den {date} och det var kaos.",
        "Jag pratade med {first} och {first2} höll med henne.",
        "Många äldre i {place} har inte bredband.",
        "Vi använder Zoom ibland och Teams för möten.",
        "Under Covid sa Folkhälsomyndigheten att vi skulle jobba på distans.",
        "Patienterna loggar in med BankID, och det går oftast bra.",
        "Det är skillnad mellan Sverige och Norge när det gäller digitala besök.",
        "Vi testade Webex och Cambio innan vi valde ett system.",
        "Patienter med Parkinsons sjukdom tyckte att kameran var svår.",
        "Alvedon kan man förskriva utan att se patienten.",
        "Per telefon går det snabbare än per video.",
        "Bo hemma och vänta på samtalet, sa vi till patienterna.",
        "Journalen i Cosmic är svår att använda under videobesöket.",
    ],
    "da": [
        "Min kollega {person} var den første, der prøvede videokonsultationer.",
        "Jeg spurgte {dr}, om kameraet var godt nok til hudundersøgelser.",
        "{person} fra sekretariatet ordnede licenserne.",
        "Vi havde en patient fra {place}, som ikke kunne få linket til at virke.",
        "Jeg arbejdede på {inst}, før jeg flyttede til {place}.",
        "Da jeg ringede til {first}, havde hun allerede booket videotiden.",
        "Sekretæren sagde, at man skulle skrive til {email}, hvis linket ikke virker.",
        "Patienterne kan ringe på {phone} for at skifte til video.",
        "Hans CPR-nummer {id} stod på den forkerte henvisning.",
        "Den første videokonsultation var {date}, og det var kaos.",
        "Jeg talte med {first}, og {first2} var enig med hende.",
        "Mange ældre i {place} har ikke bredbånd.",
        "Vi bruger Zoom nogle gange og Teams til møder.",
        "Under Covid sagde Sundhedsstyrelsen, at vi skulle arbejde hjemmefra.",
        "Har I prøvet at logge ind med MitID? Det går som regel fint.",
        "Der er forskel på Danmark og Sverige, når det gælder video.",
        "Vi prøvede Webex og Sundhed.dk, før vi valgte et system.",
        "Patienter med Parkinsons syntes, at kameraet var svært.",
        "Panodil kan man ordinere uden at se patienten.",
        "Hans kone hjalp ham med tabletten.",
        "Jul og nytår var altid travlest.",
        "Journalen i Sundhedsplatformen er svær at bruge under videokonsultationen.",
    ],
}
TITLES = {"en": ["Dr", "Dr.", "Nurse"], "sv": ["doktor", "dr", "sjuksköterskan"],
          "da": ["læge", "dr.", "sygeplejerske"]}
SLOT_TYPE = {"person": "person", "first": "person", "first2": "person", "dr": "person", "place": "place",
             "inst": "org", "email": "email", "phone": "phone", "id": "id", "date": "date"}


@dataclass(frozen=True)
class Planted:
    type: str
    start: int
    end: int
    text: str


def luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def personnummer(rng: random.Random, coordination: bool = False) -> str:
    y, m, d = rng.randint(30, 99), rng.randint(1, 12), rng.randint(1, 28)
    head = f"{y:02d}{m:02d}{d + (60 if coordination else 0):02d}{rng.randint(0, 999):03d}"
    return f"{head[:6]}-{head[6:]}{luhn_digit(head)}"


def cpr(rng: random.Random, mod11: bool) -> str:
    while True:
        d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(40, 99)
        digits = f"{d:02d}{m:02d}{y:02d}{rng.randint(0, 3)}{rng.randint(0, 999):03d}"
        ok = sum(int(c) * w for c, w in zip(digits, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1))) % 11 == 0
        if ok == mod11:
            return f"{digits[:6]}-{digits[6:]}"


def nhs_number(rng: random.Random) -> str:
    while True:
        nine = f"{rng.randint(400000000, 999999999)}"
        check = 11 - sum(int(c) * w for c, w in zip(nine, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            n = nine + str(check)
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def _fill(rng: random.Random, lang: str, slot: str, pools: dict) -> str:
    pick = lambda key: rng.choice(pools[key].split())  # noqa: E731
    if slot == "person":
        return f"{pick('first')} {pick('last')}"
    if slot in ("first", "first2"):
        return pick("first")
    if slot == "dr":
        return pick("last")  # the title stays outside the identifier
    if slot == "place":
        return pick("place")
    if slot == "inst":
        return rng.choice(pools["inst"]).format(place=pick("place"), street=pick("street") if "street" in pools else "")
    if slot == "email":
        who = f"{pick('first')}.{pick('last')}".lower()
        who = who.translate(str.maketrans("åäöøæé", "aaooae"))
        return f"{who}@{rng.choice(['nhs.net', 'regionkalmar.se', 'rm.dk', 'clinic.example.org'])}"
    if slot == "phone":
        fmt = rng.choice(PHONES[lang])
        return fmt.format(n2=f"{rng.randint(10, 99)}", n3=f"{rng.randint(100, 999)}", n4=f"{rng.randint(1000, 9999)}")
    if slot == "id":
        if lang == "sv":
            return personnummer(rng, coordination=rng.random() < 0.25)
        if lang == "da":
            return cpr(rng, mod11=rng.random() < 0.5)
        return nhs_number(rng)
    if slot == "date":
        day, month, year = rng.randint(1, 28), rng.choice(MONTHS[lang].split()), rng.randint(2015, 2024)
        if rng.random() < 0.2:
            return f"{year}-{rng.randint(1, 12):02d}-{day:02d}"
        return {"en": f"{day} {month} {year}", "sv": f"{day} {month} {year}", "da": f"{day}. {month} {year}"}[lang]
    raise KeyError(slot)


def sentence(rng: random.Random, lang: str, template: str) -> tuple[str, list[tuple[str, int, int]]]:
    pools = POOLS[lang]
    out, spans, last = [], [], 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(template[last:m.start()])
        slot = m.group(1)
        value = _fill(rng, lang, slot, pools)
        pos = sum(len(x) for x in out)
        if slot == "dr":
            title = rng.choice(TITLES[lang]) + " "
            out.append(title)
            pos += len(title)
        if slot == "inst" and value.lower().startswith("the "):
            out.append(value[:4])
            value, pos = value[4:], pos + 4
        spans.append((SLOT_TYPE[slot], pos, pos + len(value)))
        out.append(value)
        last = m.end()
    out.append(template[last:])
    text = "".join(out)
    return text[:1].upper() + text[1:], spans


def generate(seed: int = 8, docs_per_language: int = 40, sentences_per_doc: int = 8):
    """[(language, text, [Planted, ...]), ...]: interview transcripts with I:/P: turns."""
    rng = random.Random(seed)
    corpus = []
    for lang in ("en", "sv", "da"):
        question = {"en": "I: Can you tell me more?", "sv": "I: Kan du berätta mer?",
                    "da": "I: Kan du fortælle mere?"}[lang]
        for _ in range(docs_per_language):
            text, planted = "", []
            for _ in range(sentences_per_doc):
                s, spans = sentence(rng, lang, rng.choice(TEMPLATES[lang]))
                text += question + "\nP: "
                for type_, a, b in spans:
                    planted.append(Planted(type_, len(text) + a, len(text) + b, s[a:b]))
                text += s + "\n"
            for p in planted:
                assert text[p.start:p.end] == p.text
            corpus.append((lang, text, planted))
    return corpus
