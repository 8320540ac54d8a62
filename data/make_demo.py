#!/usr/bin/env python3
"""Generate the fictional demo municipality (data/demo.json).

Four area maps modelled on the eastern districts of a Lund-style municipality,
one at each network-weaving stage (Krebs & Holley 2002; Lund's model):

    Genarp        a  scattered clusters
    Veberöd       b  hub-and-spoke around the inclusion coordinator
    Södra Sandby  c  multi-hub: direct links between clusters
    Dalby         d  the weaver can step back: a core of local weavers

Everything is fictional: organisation names are plausible for the places but
invented, contact persons are built from common first names and made-up
surnames, e-mail addresses use example.org only and there are no phone numbers.

The output is deterministic (fixed seed, stable ordering): running

    .venv/bin/python data/make_demo.py

rewrites data/demo.json byte for byte. ``--out PATH`` writes elsewhere.
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import random
import unicodedata
from pathlib import Path

SEED = 20190901  # Lund started with network weaving in autumn 2019
OUT = Path(__file__).resolve().parent / "demo.json"

NOTICE = {
    "sv": (
        "Påhittade exempeldata. Kommunen, aktörerna, länkarna och kontaktpersonerna är "
        "fiktiva och skapade för att visa verktyget. Ortnamnen är verkliga, men "
        "organisationerna och personerna finns inte. E-postadresserna använder "
        "example.org och inga telefonnummer anges."
    ),
    "en": (
        "Fictional demo data. The municipality, actors, links and contact persons are "
        "invented to demonstrate the tool. The place names are real, but the "
        "organisations and people do not exist. E-mail addresses use example.org and "
        "no phone numbers are given."
    ),
}

# --------------------------------------------------------------------------- people
FIRST_NAMES = [
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Emma", "Anders", "Lena", "Mikael",
    "Elin", "Peter", "Sofia", "Jonas", "Fatima", "Ahmed", "Ida", "Oskar", "Hanna", "Ali",
    "Linnea", "Nils", "Amira", "Mats", "Maja", "Yusuf", "Eva", "Björn", "Leila", "Gustav",
    "Ingrid", "Omar", "Klara", "Henrik", "Noor", "Ulla", "Viktor", "Sanna", "Hassan", "Agnes",
]
# Made-up surnames: obviously fictional, so no real person is named.
SURNAMES = [
    "Exempelsson", "Testberg", "Provström", "Demodahl", "Fiktivsson", "Påhittlund",
    "Modellqvist", "Skissgren", "Utkastsson", "Mallberg", "Prototypsson", "Övningsdal",
    "Låtsasgren", "Fantasiström", "Prövholm", "Exempeldotter", "Testlund", "Provqvist",
    "Demoberg", "Skisslund", "Påhittsson", "Mallström", "Utkastberg", "Övningsson",
]

COORDINATOR_PERSON = "Sara Exempelsson"
DEPARTMENT_PERSON = "Per Testberg"

SECOND_ROLES = ["volontär", "kassör", "sekreterare", "ledare", "styrelseledamot"]

# --------------------------------------------------------------------------- actors shared by all maps
COORDINATOR = {
    "key": "inkluderingskoordinator",
    "name": "Inkluderingskoordinator, kultur och fritid",
    "type": "person",
    "sector": "offentlig",
    "themes": ["inkludering", "föreningsliv", "språk", "trygghet"],
    "target_groups": ["nyanlända", "unga", "alla"],
    "resources": ["nätverk", "kunskap", "personal"],
    "description": (
        "Kommunens centrala nätverksvävare på kultur- och fritidsförvaltningen. Bygger "
        "helhetsbilden i områdena, introducerar aktörer för varandra och försöker göra "
        "sig själv överflödig."
    ),
    "is_weaver": True,
    "contacts": [{"name": COORDINATOR_PERSON, "role": "inkluderingskoordinator",
                  "email": "sara.exempelsson@example.org", "phone": ""}],
}
DEPARTMENT = {
    "key": "kultur-och-fritid",
    "name": "Kultur- och fritidsförvaltningen",
    "type": "municipal_unit",
    "sector": "offentlig",
    "themes": ["kultur", "idrott", "föreningsliv"],
    "target_groups": ["alla"],
    "resources": ["bidrag", "personal", "lokaler"],
    "description": (
        "Kommunens förvaltning för bibliotek, fritidsgårdar, kultur och idrott. "
        "Ger förenings- och aktivitetsbidrag och tecknar IOP-avtal."
    ),
    "is_weaver": False,
    "contacts": [{"name": DEPARTMENT_PERSON, "role": "föreningshandläggare",
                  "email": "per.testberg@example.org", "phone": ""}],
}
COORD, DEPT = COORDINATOR["key"], DEPARTMENT["key"]

# --------------------------------------------------------------------------- per-map actor tables
# One line per actor:  key | name | type | sector | themes | target groups | resources | contact role | description
# Clusters are lists of lines; the first line of a cluster is its local hub.

DALBY_CLUSTERS = [
    [  # kultur och bildning
        "dalby-bibliotek | Dalby bibliotek | library | offentlig | läsning, språk, kultur, digital delaktighet | barn, nyanlända, seniorer, alla | lokaler, personal | bibliotekarie | Stadsdelsbibliotek mitt i Dalby. Lokal nätverksvävare sedan flera år; håller ihop språkcafé, läxhjälp och digitalhjälp.",
        "dalby-studie | Studieförbundet Bildning Öst | study_association | ideburen | kultur, musik, språk, föreningsliv | alla, nyanlända | ledare, bidrag, kunskap | verksamhetsutvecklare | Studieförbund som stöttar föreningarna med cirkelledare, lokaler och bidrag. Lokal vävare för kulturföreningarna.",
        "dalby-hembygd | Dalby hembygdsgille | association | ideburen | kultur, natur, föreningsliv | seniorer, alla | lokaler, volontärer, lokalkännedom | ordförande | Vårdar bygdens historia, ordnar vandringar och öppet hus i hembygdsgården.",
        "dalby-musik | Musikföreningen Dalby Toner | association | ideburen | musik, kultur | unga, alla | ledare, utrustning | ordförande | Replokal, konserter och öppna jam för unga och vuxna.",
        "dalby-teater | Dalby amatörteater | association | ideburen | kultur, skapande | alla, unga | volontärer, utrustning | regissör | Sätter upp en föreställning om året; söker nya spelare.",
        "dalby-konst | Konstnärsgruppen Kvarnen | informal_group | ideburen | skapande, kultur | alla | lokaler | sammankallande | Ateljégemenskap som håller öppna målarkvällar.",
        "dalby-kulturskola | Kulturskolan, Dalbyfilialen | municipal_unit | offentlig | musik, kultur, skapande | barn, unga | personal, lokaler | kulturpedagog | Kommunal kulturskola med kurser i musik, dans och bild.",
        "dalby-filmklubb | Filmklubben Dalbybion | association | ideburen | kultur | unga, seniorer, alla | volontärer, utrustning | programansvarig | Visar film en gång i månaden, ibland med svensk textning för språkträning.",
    ],
    [  # unga
        "dalby-fritidsgard | Fritidsgården Dalby | youth_centre | offentlig | trygghet, kultur, idrott, inkludering | unga | lokaler, personal | verksamhetsledare | Fritidsgård för 13–17 år. Verksamhetsledaren är lokal nätverksvävare för ungdomsfrågor.",
        "dalby-skola | Dalbyskolan 7–9 | school | offentlig | läxhjälp, trygghet | unga | lokaler, personal | kurator | Grundskola årskurs 7–9.",
        "dalby-ungdomsrad | Ungdomsrådet Dalby | informal_group | ideburen | demokrati, trygghet | unga | volontärer | sammankallande | Unga som tar fram förslag till kommunen och fritidsgården.",
        "dalby-dans | Dansstudion Dalby | association | ideburen | kultur, idrott | flickor och kvinnor, unga | lokaler, ledare | danslärare | Streetdans och jazzdans, mest tjejer 10–16 år.",
        "dalby-spel | Spelföreningen Level Dalby | association | ideburen | digital delaktighet, föreningsliv | unga | utrustning, volontärer | ordförande | E-sport och brädspel på fredagskvällar.",
        "dalby-falt | Fältgruppen Dalby | municipal_unit | offentlig | trygghet | unga, familjer | personal | fältsekreterare | Fältarbetare som möter unga ute i samhället kvällstid.",
        "dalby-tjejgrupp | Tjejgruppen Stjärnan | informal_group | ideburen | inkludering, trygghet, idrott | flickor och kvinnor, unga | volontärer | samordnare | Tjejkväll varannan vecka, startad av fritidsgården och unga själva.",
        "dalby-nattvandrare | Föräldravandrarna Dalby | informal_group | ideburen | trygghet | unga, familjer | volontärer | samordnare | Föräldrar som nattvandrar helgkvällar.",
    ],
    [  # idrott och friluftsliv
        "dalby-gif | Dalby Gymnastik- och Idrottsförening | sports_club | ideburen | idrott, hälsa, föreningsliv | barn, unga, familjer | ledare, lokaler, volontärer | ungdomsansvarig | Största idrottsföreningen i Dalby: gymnastik, friidrott och motion.",
        "dalby-fotboll | Dalby Fotbollsklubb | sports_club | ideburen | idrott | barn, unga | ledare, utrustning | tränare | Barn- och ungdomsfotboll, ett damlag och ett herrlag.",
        "dalby-ridklubb | Dalby Ryttarförening | sports_club | ideburen | idrott, natur | flickor och kvinnor, unga | lokaler, ledare | instruktör | Ridskola och stallgemenskap strax utanför byn.",
        "dalby-klatter | Klätterklubben Stenbrottet | sports_club | ideburen | idrott, friluftsliv | unga, alla | utrustning, ledare | instruktör | Klättring inomhus och ute på sommaren.",
        "dalby-orientering | Dalby Orienterare | sports_club | ideburen | friluftsliv, natur, idrott | familjer, alla | lokalkännedom, ledare | tränare | Orientering och naturpass för familjer i skogarna runt Dalby.",
        "dalby-handel | Dalby Köpmanshus | business | privat | mat | alla | sponsring, lokaler | butikschef | Livsmedelsbutik vid torget som sponsrar föreningar och har anslagstavla.",
        "dalby-padel | Padelcenter Dalby | business | privat | idrott, hälsa | alla | lokaler | platschef | Padelhall som lånar ut banor till prova-på-dagar.",
    ],
    [  # kyrka och seniorer
        "dalby-forsamling | Dalby församling | church | ideburen | inkludering, musik, trygghet | alla, seniorer, familjer, nyanlända | lokaler, personal, volontärer | diakon | Församlingens diakoni är lokal vävare: öppet hus, körer, besöksverksamhet.",
        "dalby-senior | Seniorföreningen Höstglöd Dalby | association | ideburen | föreningsliv, hälsa, digital delaktighet | seniorer | volontärer | ordförande | Pensionärsförening med resor, cirklar och friskvård.",
        "dalby-traffpunkt | Träffpunkt Dalby | municipal_unit | offentlig | hälsa, digital delaktighet | seniorer | lokaler, personal | verksamhetsledare | Kommunal mötesplats för seniorer.",
        "dalby-stickcafe | Stickcafé Dalby | informal_group | ideburen | skapande, inkludering | seniorer, flickor och kvinnor | volontärer | sammankallande | Stickar och fikar varje tisdag.",
        "dalby-besok | Besöksvännerna Dalby | informal_group | ideburen | trygghet, inkludering | seniorer | volontärer | samordnare | Volontärer som besöker ensamma äldre.",
        "dalby-hemtjanst | Hemtjänsten Dalby | municipal_unit | offentlig | hälsa, trygghet | seniorer | personal | enhetschef | Kommunens hemtjänst i Dalby.",
        "dalby-digital | Digitalhjälpen Dalby | informal_group | ideburen | digital delaktighet | seniorer, nyanlända | volontärer | samordnare | Volontärer som hjälper till med mobil, BankID och e-tjänster.",
    ],
    [  # språk och inkludering
        "dalby-sprakcafe | Språkcafé Dalby | informal_group | ideburen | språk, inkludering | nyanlända, alla | volontärer | volontärsamordnare | Samtal på svenska varje onsdag.",
        "dalby-laxhjalp | Läxhjälpsföreningen Dalby | association | ideburen | läxhjälp, språk | barn, unga, nyanlända | volontärer | samordnare | Läxhjälp med volontärer; IOP med kommunen.",
        "dalby-valkommen | Föreningen Välkommen till Dalby | association | ideburen | inkludering, språk, föreningsliv | nyanlända, familjer | volontärer, nätverk | ordförande | Tillsammansnätverk från 2015: vänfamiljer, rundvandringar och insamling.",
        "dalby-kvinnor | Internationella kvinnoföreningen Dalby | association | ideburen | inkludering, hälsa, mat | flickor och kvinnor, nyanlända | volontärer | ordförande | Matlagning, promenader och svenska för kvinnor.",
        "dalby-scout | Scoutkåren Dalby Backar | association | ideburen | friluftsliv, natur | barn, unga | ledare, utrustning | kårordförande | Scouting för 8–18 år.",
        "dalby-cykel | Cykelkompisarna Dalby | informal_group | ideburen | friluftsliv, inkludering, hälsa | flickor och kvinnor, nyanlända | volontärer, utrustning | samordnare | Lär vuxna cykla och lagar begagnade cyklar.",
    ],
    [  # byns egna nätverk
        "dalby-foreningsrad | Dalby föreningsråd | network | ideburen | föreningsliv, demokrati | alla | nätverk, kunskap | ordförande | Samarbetsorgan för byns föreningar; håller föreningsträffar och gemensam kalender.",
        "dalby-foretagare | Dalby företagarförening | network | privat | föreningsliv | alla | nätverk, sponsring | ordförande | Nätverk för lokala företag.",
    ],
]

VEBEROD_CLUSTERS = [
    [  # kultur
        "veberod-bibliotek | Veberöds bibliotek | library | offentlig | läsning, kultur, språk | barn, familjer, alla | lokaler, personal | bibliotekarie | Stadsdelsbibliotek med sagostund och bokcirklar.",
        "veberod-hembygd | Veberöds hembygdsförening | association | ideburen | kultur, natur, föreningsliv | seniorer, alla | lokaler, volontärer, lokalkännedom | ordförande | Hembygdsgård och byvandringar.",
        "veberod-studie | Folkbildningsförbundet Syd, Veberöd | study_association | ideburen | kultur, musik, föreningsliv | alla | ledare, bidrag, kunskap | verksamhetsutvecklare | Studieförbund som ordnar cirklar och stöttar föreningar.",
        "veberod-musik | Musikföreningen Romeleklang | association | ideburen | musik | alla, unga | ledare, utrustning | ordförande | Blåsorkester och rockskola.",
        "veberod-teater | Teatergruppen Kulissen | association | ideburen | kultur, skapande | alla | volontärer | regissör | Amatörteater som spelar i bygdegården.",
        "veberod-konstrunda | Konstrundan Romeleåsen | network | ideburen | kultur, skapande | alla | nätverk | samordnare | Nätverk av konstnärer som öppnar ateljéerna varje påsk.",
    ],
    [  # unga
        "veberod-fritidsgard | Fritidsgården Veberöd | youth_centre | offentlig | trygghet, kultur, idrott | unga | lokaler, personal | fritidsledare | Fritidsgård för 13–17 år.",
        "veberod-skola | Veberödsskolan 4–9 | school | offentlig | läxhjälp, trygghet | barn, unga | lokaler, personal | rektor | Grundskola årskurs 4–9.",
        "veberod-mobila | Mobila fritidsledare Öst | municipal_unit | offentlig | trygghet | unga | personal | fritidsledare | Fritidsledare som rör sig mellan byarna.",
        "veberod-ungdomsrad | Ungdomsgruppen Veberöd | informal_group | ideburen | demokrati | unga | volontärer | sammankallande | Unga som planerar aktiviteter på fritidsgården.",
        "veberod-dans | Dansföreningen Takt | association | ideburen | kultur, idrott | flickor och kvinnor, unga | ledare | danslärare | Dans för barn och unga.",
        "veberod-esport | E-sportföreningen Pixel Veberöd | association | ideburen | digital delaktighet | unga | utrustning | ordförande | Spelkvällar och turneringar.",
    ],
    [  # idrott
        "veberod-if | Veberöds Idrottssällskap | sports_club | ideburen | idrott, föreningsliv | barn, unga | ledare, lokaler, volontärer | ungdomsansvarig | Fotboll, friidrott och motion.",
        "veberod-tennis | Veberöds Tennisklubb | sports_club | ideburen | idrott | barn, seniorer | lokaler | ordförande | Utebanor och vinterhall.",
        "veberod-ridklubb | Romeleåsens Ridklubb | sports_club | ideburen | idrott, natur | flickor och kvinnor | lokaler, ledare | instruktör | Ridskola och tävlingar.",
        "veberod-handboll | Veberöds Handbollsklubb | sports_club | ideburen | idrott | barn, unga | ledare | tränare | Handboll från sju år.",
        "veberod-handel | Veberöds Handelsbod | business | privat | mat | alla | sponsring | butiksägare | Byns livsmedelsbutik; sponsrar lagtröjor.",
        "veberod-gym | Gymmet Romeleåsen | business | privat | hälsa, idrott | alla | lokaler | ägare | Gym och gruppträning.",
    ],
    [  # kyrka och seniorer
        "veberod-forsamling | Veberöds församling | church | ideburen | inkludering, musik, trygghet | alla, seniorer | lokaler, personal, volontärer | diakon | Kyrka och församlingshem med öppet hus.",
        "veberod-senior | Seniorföreningen Solrosen Veberöd | association | ideburen | föreningsliv, hälsa | seniorer | volontärer | ordförande | Pensionärsförening med månadsträffar.",
        "veberod-hemtjanst | Hemtjänsten Veberöd | municipal_unit | offentlig | hälsa | seniorer | personal | enhetschef | Kommunens hemtjänst.",
        "veberod-boule | Boulesällskapet Kulan | sports_club | ideburen | idrott, hälsa | seniorer | utrustning | ordförande | Boule vid församlingshemmet.",
        "veberod-besok | Kyrkans besöksgrupp Veberöd | informal_group | ideburen | trygghet | seniorer | volontärer | samordnare | Volontärer som besöker äldre.",
    ],
]
VEBEROD_SPOKES = [  # tied only to the coordinator
    "veberod-sprakcafe | Språkcafé Veberöd | informal_group | ideburen | språk, inkludering | nyanlända, alla | volontärer | volontärsamordnare | Språkcafé som startades med stöd av inkluderingskoordinatorn.",
    "veberod-laxhjalp | Läxhjälpen Veberöd | informal_group | ideburen | läxhjälp, språk | barn, unga, nyanlända | volontärer | samordnare | Läxhjälp två kvällar i veckan.",
    "veberod-kvinnor | Kvinnoföreningen Gemenskap | association | ideburen | inkludering, hälsa | flickor och kvinnor, nyanlända | volontärer | ordförande | Promenader, simning och samtal för kvinnor.",
    "veberod-nyagrannar | Föreningen Nya Grannar Veberöd | association | ideburen | inkludering, föreningsliv | nyanlända, familjer | volontärer, nätverk | ordförande | Vänfamiljer och insamling av möbler.",
    "veberod-scout | Scoutkåren Romeleåsen | association | ideburen | friluftsliv, natur | barn, unga | ledare, utrustning | kårordförande | Scouting; har förlorat sin lokal.",
]

SANDBY_CLUSTERS = [
    [  # kultur och bibliotek
        "sandby-bibliotek | Södra Sandby bibliotek | library | offentlig | läsning, språk, kultur, digital delaktighet | barn, nyanlända, alla | lokaler, personal | bibliotekarie | Stadsdelsbibliotek som har börjat väva nätverk lokalt.",
        "sandby-studie | Studieförbundet Kunskapsvägen | study_association | ideburen | kultur, språk, föreningsliv | alla, nyanlända | ledare, bidrag, kunskap | verksamhetsutvecklare | Studieförbund med svenskcirklar och kulturprogram.",
        "sandby-hembygd | Södra Sandby hembygdsförening | association | ideburen | kultur, natur | seniorer, alla | lokaler, lokalkännedom | ordförande | Byvandringar och hembygdsdag.",
        "sandby-kulturskola | Kulturskolan, Sandbyfilialen | municipal_unit | offentlig | musik, kultur | barn, unga | personal | kulturpedagog | Musik- och bildkurser.",
        "sandby-kor | Sandby kammarkör | association | ideburen | musik | alla | ledare | körledare | Kör som ger konserter i kyrkan.",
        "sandby-lasecirkel | Läsecirkeln Sidvändarna | informal_group | ideburen | läsning | seniorer, flickor och kvinnor | volontärer | sammankallande | Bokcirkel på biblioteket.",
        "sandby-foto | Fotoklubben Skärpedjup | association | ideburen | kultur, skapande | alla | utrustning | ordförande | Fotokurser och utställningar.",
    ],
    [  # unga
        "sandby-fritidsgard | Fritidsgården Sandby | youth_centre | offentlig | trygghet, kultur, idrott | unga | lokaler, personal | verksamhetsledare | Fritidsgård för 13–17 år; verksamhetsledaren har börjat väva nätverk.",
        "sandby-skola | Sandbyskolan 7–9 | school | offentlig | läxhjälp, trygghet | unga | lokaler, personal | kurator | Grundskola årskurs 7–9.",
        "sandby-unga | Unga i Sandby | informal_group | ideburen | demokrati | unga | volontärer | sammankallande | Ungdomsinflytande kopplat till fritidsgården.",
        "sandby-vaggkonst | Föreningen Väggkonst | association | ideburen | skapande, kultur | unga | utrustning | ordförande | Lagliga graffitiväggar och workshoppar.",
        "sandby-dans | Streetdansgruppen Rörelse | informal_group | ideburen | kultur, idrott | flickor och kvinnor, unga | ledare | danslärare | Dansgrupp som tränar på fritidsgården.",
        "sandby-fritidsklubb | Fritidsklubben Sandby | municipal_unit | offentlig | trygghet, idrott | barn | personal, lokaler | fritidsledare | Fritidsklubb för 10–12 år.",
    ],
    [  # idrott och friluftsliv
        "sandby-if | Södra Sandby Idrottsförening | sports_club | ideburen | idrott, föreningsliv | barn, unga | ledare, lokaler, volontärer | ungdomsansvarig | Fotboll och friidrott.",
        "sandby-innebandy | Sandby Innebandyklubb | sports_club | ideburen | idrott | barn, unga | ledare | tränare | Innebandy i sporthallen.",
        "sandby-simning | Sandby Simsällskap | sports_club | ideburen | idrott, hälsa | barn, alla | ledare | tränare | Simskola och motionssim.",
        "sandby-cykel | Cykelklubben Romelebacken | sports_club | ideburen | idrott, friluftsliv | alla | ledare, utrustning | ordförande | Landsväg och mountainbike.",
        "sandby-friluft | Friluftsföreningen Höjden | association | ideburen | friluftsliv, natur | familjer, alla | ledare, lokalkännedom | ordförande | Vandringar och naturskola.",
        "sandby-handel | Sandby Matmarknad | business | privat | mat | alla | sponsring | butikschef | Livsmedelsbutik som sponsrar föreningar.",
    ],
    [  # kyrka och seniorer
        "sandby-forsamling | Södra Sandby församling | church | ideburen | inkludering, musik, trygghet | alla, seniorer, familjer | lokaler, personal, volontärer | diakon | Församlingshem med öppet hus och språkstöd.",
        "sandby-senior | Seniorföreningen Vintergröna | association | ideburen | föreningsliv, hälsa, digital delaktighet | seniorer | volontärer | ordförande | Pensionärsförening.",
        "sandby-traffpunkt | Träffpunkt Sandby | municipal_unit | offentlig | hälsa | seniorer | lokaler, personal | verksamhetsledare | Kommunal mötesplats för seniorer.",
        "sandby-stickcafe | Stickcafét Maskan | informal_group | ideburen | skapande | seniorer, flickor och kvinnor | volontärer | sammankallande | Stickcafé i församlingshemmet.",
        "sandby-hemtjanst | Hemtjänsten Sandby | municipal_unit | offentlig | hälsa, trygghet | seniorer | personal | enhetschef | Kommunens hemtjänst.",
    ],
    [  # språk och inkludering
        "sandby-sprakcafe | Språkcafé Sandby | informal_group | ideburen | språk, inkludering | nyanlända, alla | volontärer | volontärsamordnare | Språkcafé varannan torsdag.",
        "sandby-laxhjalp | Läxhjälp Sandby | association | ideburen | läxhjälp, språk | barn, unga, nyanlända | volontärer | samordnare | Läxhjälp med volontärer från bygden.",
        "sandby-valkomst | Välkomstföreningen Sandby | association | ideburen | inkludering, föreningsliv | nyanlända, familjer | volontärer, nätverk | ordförande | Tillsammansnätverk som startade 2015.",
        "sandby-kvinnor | Kvinnor i Sandby | informal_group | ideburen | inkludering, hälsa, idrott | flickor och kvinnor, nyanlända | volontärer | sammankallande | Promenader, simning och samtal.",
        "sandby-cykelskola | Cykelskolan för vuxna | informal_group | ideburen | friluftsliv, inkludering | flickor och kvinnor, nyanlända | volontärer, utrustning | samordnare | Lär vuxna cykla.",
    ],
]
SANDBY_SPOKES = [
    "sandby-scout | Scoutkåren Sandbyåsen | association | ideburen | friluftsliv, natur | barn, unga | ledare, utrustning | kårordförande | Nystartad scoutkår som ännu bara har kontakt med kommunen.",
]

GENARP_CLUSTERS = [
    [  # kultur och bibliotek
        "genarp-bibliotek | Genarps bibliotek | library | offentlig | läsning, kultur, språk | barn, familjer, alla | lokaler, personal | bibliotekarie | Litet bibliotek med öppet tre dagar i veckan.",
        "genarp-skola | Genarps byskola F–6 | school | offentlig | läsning | barn | lokaler, personal | rektor | Grundskola årskurs F–6.",
        "genarp-hembygd | Genarps hembygdsförening | association | ideburen | kultur, natur, föreningsliv | seniorer, alla | lokaler, volontärer, lokalkännedom | ordförande | Hembygdsgård och sommarcafé.",
        "genarp-studie | Studieförbundet Ljuskällan, Genarp | study_association | ideburen | kultur, musik, skapande | alla | ledare, bidrag, kunskap | verksamhetsutvecklare | Studieförbund med cirklar i byn.",
        "genarp-bokcirkel | Bokcirkeln Bladvändarna | informal_group | ideburen | läsning | seniorer, flickor och kvinnor | volontärer | sammankallande | Läser och diskuterar en bok i månaden.",
        "genarp-konst | Konstföreningen Häckeberga | association | ideburen | kultur, skapande | alla | volontärer | kassör | Utställningar och konstlotteri.",
        "genarp-kor | Genarps sångkör | association | ideburen | musik, kultur | alla, seniorer | ledare | körledare | Blandad kör.",
    ],
    [  # unga och idrott
        "genarp-fritidsgard | Fritidsgården Genarp | youth_centre | offentlig | trygghet, kultur, idrott | unga | lokaler, personal | fritidsledare | Fritidsgård för 13–17 år.",
        "genarp-bk | Genarps Bollklubb | sports_club | ideburen | idrott, föreningsliv | barn, unga | ledare, utrustning, volontärer | ungdomsansvarig | Fotboll för barn och unga.",
        "genarp-gymnastik | Genarps Gymnastikförening | sports_club | ideburen | idrott, hälsa | barn, familjer | ledare | ordförande | Barngymnastik och föräldra-barn-träning.",
        "genarp-ok | Häckeberga Orienteringsklubb | sports_club | ideburen | friluftsliv, natur, idrott | familjer, unga | ledare, utrustning, lokalkännedom | tränare | Orientering och naturpass.",
        "genarp-ridklubb | Genarps Ryttarsällskap | sports_club | ideburen | idrott, natur | flickor och kvinnor, unga | lokaler, ledare | instruktör | Ridskola och stallgemenskap.",
        "genarp-foraldrar | Föräldranätverket Genarp | informal_group | ideburen | trygghet | familjer, unga | volontärer | samordnare | Föräldrar som ordnar nattvandring och skjutsar.",
        "genarp-livs | Genarps Lanthandel | business | privat | mat | alla | sponsring | butiksägare | Byns affär; sponsrar bollklubben.",
    ],
    [  # kyrka och seniorer
        "genarp-forsamling | Genarps församling | church | ideburen | inkludering, musik, trygghet | alla, seniorer, familjer | lokaler, personal, volontärer | diakon | Kyrka och församlingshem.",
        "genarp-senior | Seniorföreningen Kvällssol Genarp | association | ideburen | föreningsliv, hälsa, digital delaktighet | seniorer | volontärer | ordförande | Pensionärsförening med träffar och resor.",
        "genarp-syforening | Syföreningen Tråden | informal_group | ideburen | skapande | seniorer, flickor och kvinnor | volontärer | sammankallande | Syr och säljer till förmån för församlingen.",
        "genarp-besok | Besöksvännerna Genarp | informal_group | ideburen | trygghet, inkludering | seniorer | volontärer | samordnare | Besöker äldre som bor ensamma.",
        "genarp-traffpunkt | Träffpunkt Genarp | municipal_unit | offentlig | hälsa, digital delaktighet | seniorer | lokaler, personal | verksamhetsledare | Kommunal mötesplats för seniorer.",
    ],
    [  # språk och inkludering: the coordinator's only foothold
        "genarp-medmanniskor | Föreningen Medmänniskor Genarp | association | ideburen | inkludering, språk, trygghet | nyanlända, familjer | volontärer, nätverk | ordförande | Tillsammansnätverk för nyinflyttade.",
        "genarp-sprakcafe | Språkcafé Genarp | informal_group | ideburen | språk, inkludering | nyanlända, alla | volontärer | volontärsamordnare | Språkcafé i föreningens lokal.",
        "genarp-laxhjalp | Läxhjälpen Genarp | informal_group | ideburen | läxhjälp, språk | barn, unga, nyanlända | volontärer | samordnare | Läxhjälp en kväll i veckan.",
        "genarp-kvinnogrupp | Kvinnogruppen Mötesplats | informal_group | ideburen | inkludering, hälsa | flickor och kvinnor, nyanlända | volontärer | sammankallande | Träffar för kvinnor.",
    ],
]
GENARP_LONERS = [  # no active links at all
    "genarp-scout | Scoutkåren Häckeberga | association | ideburen | friluftsliv, natur | barn, unga | ledare, utrustning | kårordförande | Scoutkår som tappat sin lokal och sina kontakter.",
    "genarp-pizzeria | Genarps Pizzeria & Café | business | privat | mat | alla | lokaler | ägare | Café med ett rum som föreningar kan låna.",
    "genarp-boule | Boulesällskapet Genarp | sports_club | ideburen | idrott, hälsa | seniorer | utrustning | ordförande | Boule på torget på sommaren.",
]


# --------------------------------------------------------------------------- link specs
def L(source, target, kind, strength=2, status="existing", **kw):
    """A hand-written link. kw: purpose, carried ('one' | 'both' | 'none' | list), place,
    start, end, directed."""
    return dict(source=source, target=target, kind=kind, strength=strength, status=status, **kw)


DALBY_LINKS = [
    L(COORD, DEPT, "shared_staff", 3, purpose="Koordinatorn är anställd på förvaltningen", start="2016-01-01", carried=[COORDINATOR_PERSON, DEPARTMENT_PERSON]),
    L(DEPT, "dalby-gif", "funding", 2, directed=True, purpose="Lokalt aktivitetsstöd"),
    L(DEPT, "dalby-laxhjalp", "iop", 3, directed=True, purpose="IOP om läxhjälp för barn och unga", start="2021-08-01"),
    L(DEPT, "dalby-foreningsrad", "funding", 1, directed=True, purpose="Bidrag till föreningsträffar"),
    L(DEPT, "dalby-kulturskola", "agreement", 2, purpose="Uppdrag om kulturskola i Dalby"),
    # the coordinator has stepped back: light links to a few hubs only
    L(COORD, "dalby-foreningsrad", "dialogue", 1, purpose="Avstämning två gånger per år om nätverket"),
    L(COORD, "dalby-bibliotek", "information", 1, purpose="Delar nyheter om bidrag och utbildningar"),
    # the core of local weavers
    L("dalby-bibliotek", "dalby-fritidsgard", "joint_activity", 3, purpose="Läxhjälp och spelkvällar för unga", place="Dalby bibliotek"),
    L("dalby-bibliotek", "dalby-forsamling", "joint_activity", 2, purpose="Språkcafé och digitalhjälp tillsammans"),
    L("dalby-bibliotek", "dalby-studie", "agreement", 3, purpose="Cirklar och författarbesök på biblioteket"),
    L("dalby-bibliotek", "dalby-foreningsrad", "information", 2, purpose="Gemensam evenemangskalender"),
    L("dalby-fritidsgard", "dalby-forsamling", "dialogue", 2, purpose="Trygghetsvandringar och lovaktiviteter"),
    L("dalby-fritidsgard", "dalby-studie", "joint_activity", 2, purpose="Musikcirklar för unga", place="Fritidsgården Dalby"),
    L("dalby-fritidsgard", "dalby-foreningsrad", "dialogue", 2, purpose="Unga i föreningslivet"),
    L("dalby-forsamling", "dalby-studie", "shared_premises", 2, purpose="Cirklar i församlingshemmet", place="Dalby församlingshem"),
    L("dalby-forsamling", "dalby-foreningsrad", "membership", 1, purpose="Medlem i föreningsrådet"),
    L("dalby-studie", "dalby-foreningsrad", "dialogue", 3, purpose="Föreningsutbildningar"),
    # direct links across clusters
    L("dalby-sprakcafe", "dalby-bibliotek", "shared_premises", 3, purpose="Språkcafét hålls på biblioteket", place="Dalby bibliotek"),
    L("dalby-laxhjalp", "dalby-bibliotek", "joint_activity", 3, purpose="Läxhjälp på biblioteket", place="Dalby bibliotek", carried="one"),
    L("dalby-laxhjalp", "dalby-skola", "referral", 2, purpose="Skolan tipsar elever om läxhjälpen"),
    L("dalby-digital", "dalby-bibliotek", "joint_activity", 2, purpose="Digitalhjälp för seniorer på biblioteket", place="Dalby bibliotek"),
    L("dalby-valkommen", "dalby-forsamling", "volunteer_supply", 2, purpose="Volontärer till öppet hus"),
    L("dalby-valkommen", "dalby-foreningsrad", "membership", 1, purpose="Medlem i föreningsrådet"),
    L("dalby-kvinnor", "dalby-gif", "joint_activity", 2, "introduced", purpose="Motionsgrupp för kvinnor", start="2024-09-01"),
    L("dalby-tjejgrupp", "dalby-dans", "joint_activity", 2, purpose="Danskväll för tjejer"),
    L("dalby-tjejgrupp", "dalby-ridklubb", "joint_activity", 1, "introduced", purpose="Prova-på-ridning för tjejgruppen", start="2025-03-01"),
    L("dalby-gif", "dalby-fritidsgard", "joint_activity", 2, purpose="Sportlovsaktiviteter"),
    L("dalby-gif", "dalby-foreningsrad", "membership", 2, purpose="Medlem i föreningsrådet"),
    L("dalby-senior", "dalby-forsamling", "shared_premises", 2, purpose="Månadsträffar i församlingshemmet", place="Dalby församlingshem"),
    L("dalby-senior", "dalby-studie", "joint_activity", 2, purpose="Studiecirklar för seniorer"),
    L("dalby-hembygd", "dalby-foreningsrad", "membership", 1, purpose="Medlem i föreningsrådet"),
    L("dalby-scout", "dalby-forsamling", "shared_premises", 2, purpose="Scoutlokal i församlingens källare", place="Dalby församlingshem", carried="one"),
    L("dalby-scout", "dalby-orientering", "joint_activity", 1, purpose="Gemensam naturdag"),
    L("dalby-cykel", "dalby-valkommen", "volunteer_supply", 2, purpose="Cykelvolontärer"),
    L("dalby-foretagare", "dalby-foreningsrad", "dialogue", 2, purpose="Sponsring av byfesten"),
    L("dalby-foretagare", "dalby-handel", "membership", 2, purpose="Medlemsföretag"),
    L("dalby-foretagare", "dalby-padel", "membership", 1, purpose="Medlemsföretag"),
    L("dalby-ungdomsrad", "dalby-foreningsrad", "dialogue", 1, "introduced", purpose="Unga får plats på föreningsträffarna", start="2024-11-01"),
    L("dalby-filmklubb", "dalby-sprakcafe", "joint_activity", 1, "introduced", purpose="Film med svensk text och samtal efteråt", start="2025-01-15"),
    # history and wishes
    L(COORD, "dalby-sprakcafe", "joint_activity", 3, "ended", purpose="Koordinatorn startade språkcafét", start="2016-02-01", end="2020-06-30"),
    L(COORD, "dalby-laxhjalp", "dialogue", 2, "ended", purpose="Koordinatorn höll i läxhjälpens volontärträffar", start="2017-01-01", end="2021-08-01"),
    L("dalby-klatter", "dalby-fritidsgard", "joint_activity", 1, "desired", purpose="Klättring som lovaktivitet"),
    L("dalby-spel", "dalby-senior", "joint_activity", 1, "desired", purpose="Generationsmöte kring spel"),
    L("dalby-kvinnor", "dalby-padel", "agreement", 1, "desired", purpose="Banor för kvinnogruppen förmiddagstid"),
]
DALBY_CHALLENGES = [
    ("Unga tjejer hittar inte till föreningslivet efter mellanstadiet.",
     ["idrott", "inkludering", "föreningsliv"], ["dalby-tjejgrupp", "dalby-gif", "dalby-dans", "dalby-fritidsgard"]),
    ("Läxhjälpen står och faller med en enda samordnare.",
     ["läxhjälp", "föreningsliv"], ["dalby-laxhjalp", "dalby-bibliotek"]),
    ("Seniorer som inte är digitala missar information om aktiviteter.",
     ["digital delaktighet", "inkludering"], ["dalby-senior", "dalby-digital", "dalby-traffpunkt", "dalby-bibliotek"]),
]

VEBEROD_LINKS = [
    L(COORD, DEPT, "shared_staff", 3, purpose="Koordinatorn är anställd på förvaltningen", start="2016-01-01", carried=[COORDINATOR_PERSON, DEPARTMENT_PERSON]),
    L(DEPT, "veberod-if", "funding", 2, directed=True, purpose="Lokalt aktivitetsstöd"),
    L(DEPT, "veberod-handboll", "funding", 2, directed=True, purpose="Lokalt aktivitetsstöd"),
    # the coordinator is the hub
    L(COORD, "veberod-bibliotek", "dialogue", 2, purpose="Månatlig avstämning om helhetsbilden"),
    L(COORD, "veberod-fritidsgard", "joint_activity", 3, purpose="Lovaktiviteter för unga", carried="one"),
    L(COORD, "veberod-if", "information", 2, purpose="Informerar om bidrag för inkludering"),
    L(COORD, "veberod-forsamling", "dialogue", 2, purpose="Stöd till öppet hus"),
    L(COORD, "veberod-senior", "information", 1, purpose="Inbjudan till digitala träffar"),
    L(COORD, "veberod-sprakcafe", "joint_activity", 3, purpose="Koordinatorn leder språkcafét", carried="one", place="Veberöds bygdegård"),
    L(COORD, "veberod-laxhjalp", "volunteer_supply", 2, purpose="Koordinatorn förmedlar volontärer", carried="one"),
    L(COORD, "veberod-kvinnor", "dialogue", 2, "introduced", purpose="Ny kontakt via hälsoprojekt", start="2024-10-01"),
    L(COORD, "veberod-nyagrannar", "information", 2, purpose="Nyhetsbrev och stöd", carried="one"),
    L(COORD, "veberod-scout", "dialogue", 1, purpose="Hjälp att hitta ny lokal", carried="one"),
    L("veberod-dans", "veberod-ungdomsrad", "joint_activity", 1, "introduced", purpose="Dansuppvisning på fritidsgården", start="2025-02-01"),
    # history and wishes: "Vilka bör vi samverka med?"
    L("veberod-scout", "veberod-forsamling", "shared_premises", 2, "ended", purpose="Scoutlokal i församlingshemmet", start="2012-09-01", end="2023-06-30", place="Veberöds församlingshem"),
    L("veberod-scout", "veberod-forsamling", "dialogue", 1, "desired", purpose="Kan scouterna komma tillbaka?"),
    L("veberod-sprakcafe", "veberod-bibliotek", "shared_premises", 2, "desired", purpose="Språkcafé på biblioteket"),
    L("veberod-laxhjalp", "veberod-fritidsgard", "joint_activity", 2, "desired", purpose="Läxhjälp på fritidsgården"),
    L("veberod-laxhjalp", "veberod-skola", "referral", 1, "desired", purpose="Skolan tipsar om läxhjälpen"),
    L("veberod-kvinnor", "veberod-if", "joint_activity", 1, "desired", purpose="Motionsgrupp för kvinnor"),
    L("veberod-senior", "veberod-sprakcafe", "volunteer_supply", 1, "desired", purpose="Seniorer som samtalsvolontärer"),
    L("veberod-nyagrannar", "veberod-hembygd", "joint_activity", 1, "desired", purpose="Byvandring för nyinflyttade"),
]
VEBEROD_CHALLENGES = [
    ("Nyanlända familjer känner inte till föreningarna i byn.",
     ["inkludering", "föreningsliv"], ["veberod-nyagrannar", "veberod-if", "veberod-bibliotek", "inkluderingskoordinator"]),
    ("Allt går via inkluderingskoordinatorn – vad händer om hon slutar?",
     ["föreningsliv"], ["inkluderingskoordinator", "veberod-sprakcafe", "veberod-laxhjalp"]),
    ("Scouterna saknar lokal sedan 2023.",
     ["friluftsliv", "föreningsliv"], ["veberod-scout", "veberod-forsamling"]),
]

SANDBY_LINKS = [
    L(COORD, DEPT, "shared_staff", 3, purpose="Koordinatorn är anställd på förvaltningen", start="2016-01-01", carried=[COORDINATOR_PERSON, DEPARTMENT_PERSON]),
    L(DEPT, "sandby-if", "funding", 2, directed=True, purpose="Lokalt aktivitetsstöd"),
    L(DEPT, "sandby-laxhjalp", "funding", 2, directed=True, purpose="Aktivitetsbidrag för läxhjälp"),
    # coordinator: still the main broker
    L(COORD, "sandby-bibliotek", "dialogue", 3, purpose="Gemensam planering av nätverksträffar"),
    L(COORD, "sandby-fritidsgard", "joint_activity", 2, purpose="Sommarlovsaktiviteter"),
    L(COORD, "sandby-if", "information", 2, purpose="Informerar om inkluderingsbidrag"),
    L(COORD, "sandby-forsamling", "dialogue", 2, purpose="Öppet hus och språkstöd"),
    L(COORD, "sandby-sprakcafe", "volunteer_supply", 2, purpose="Förmedlar volontärer", carried="one"),
    L(COORD, "sandby-valkomst", "dialogue", 2, purpose="Stöd till tillsammansnätverket"),
    L(COORD, "sandby-scout", "dialogue", 1, "introduced", purpose="Ny scoutkår söker samarbeten", start="2025-04-01", carried="one"),
    L(COORD, "sandby-senior", "information", 1, purpose="Inbjudningar till seniorträffar"),
    # direct links across clusters, besides the coordinator
    L("sandby-bibliotek", "sandby-sprakcafe", "shared_premises", 2, "introduced", purpose="Språkcafé på biblioteket", place="Södra Sandby bibliotek", start="2024-02-01"),
    L("sandby-fritidsgard", "sandby-if", "joint_activity", 2, purpose="Idrottskvällar på fritidsgården", place="Fritidsgården Sandby"),
    L("sandby-studie", "sandby-forsamling", "shared_premises", 2, purpose="Svenskcirklar i församlingshemmet", place="Södra Sandby församlingshem"),
    L("sandby-kvinnor", "sandby-simning", "joint_activity", 2, "introduced", purpose="Simskola för kvinnor", start="2024-09-01", carried="one"),
    L("sandby-laxhjalp", "sandby-skola", "referral", 2, purpose="Skolan tipsar om läxhjälpen"),
    # history and wishes
    L(COORD, "sandby-laxhjalp", "joint_activity", 2, "ended", purpose="Koordinatorn startade läxhjälpen", start="2016-09-01", end="2022-06-30"),
    L("sandby-scout", "sandby-friluft", "joint_activity", 1, "desired", purpose="Gemensamma hajker"),
    L("sandby-senior", "sandby-bibliotek", "joint_activity", 1, "desired", purpose="Digitalhjälp för seniorer"),
    L("sandby-fritidsgard", "sandby-sprakcafe", "joint_activity", 1, "desired", purpose="Språkcafé för unga"),
    L("sandby-cykelskola", "sandby-cykel", "volunteer_supply", 1, "desired", purpose="Cykelklubben bidrar med ledare"),
]
SANDBY_CHALLENGES = [
    ("Kvinnor som är nya i Sverige har svårt att komma ut i friluftslivet.",
     ["friluftsliv", "inkludering", "hälsa"], ["sandby-kvinnor", "sandby-cykelskola", "sandby-friluft"]),
    ("Biblioteket och fritidsgården vill ta över mer av vävandet från koordinatorn.",
     ["föreningsliv"], ["sandby-bibliotek", "sandby-fritidsgard", "inkluderingskoordinator"]),
    ("Få unga hittar till läxhjälpen.",
     ["läxhjälp", "språk"], ["sandby-laxhjalp", "sandby-skola", "sandby-fritidsgard"]),
]

GENARP_LINKS = [
    L(COORD, DEPT, "shared_staff", 3, purpose="Koordinatorn är anställd på förvaltningen", start="2016-01-01", carried=[COORDINATOR_PERSON, DEPARTMENT_PERSON]),
    L(DEPT, "genarp-medmanniskor", "funding", 1, directed=True, purpose="Startbidrag till tillsammansnätverket", start="2016-03-01"),
    # the coordinator only knows the newcomer cluster
    L(COORD, "genarp-medmanniskor", "dialogue", 2, purpose="Stöd till tillsammansnätverket", carried="one"),
    L(COORD, "genarp-sprakcafe", "information", 1, purpose="Tipsar om språkcafét"),
    L("genarp-laxhjalp", "genarp-kvinnogrupp", "information", 1, "introduced", purpose="Mammor får veta om läxhjälpen", start="2025-03-01"),
    # history and wishes
    L("genarp-scout", "genarp-forsamling", "shared_premises", 2, "ended", purpose="Scoutlokal i församlingshemmet", start="2010-09-01", end="2022-12-31", place="Genarps församlingshem", carried="one"),
    L("genarp-boule", "genarp-senior", "joint_activity", 1, "ended", purpose="Sommarboule för seniorer", start="2018-05-01", end="2020-03-15"),
    L(COORD, "genarp-bibliotek", "dialogue", 1, "desired", purpose="Biblioteket som mötesplats för hela byn"),
    L(COORD, "genarp-fritidsgard", "dialogue", 1, "desired", purpose="Gemensamma lovaktiviteter"),
    L("genarp-sprakcafe", "genarp-bibliotek", "shared_premises", 2, "desired", purpose="Språkcafé på biblioteket"),
    L("genarp-laxhjalp", "genarp-fritidsgard", "joint_activity", 2, "desired", purpose="Läxhjälp på fritidsgården"),
    L("genarp-senior", "genarp-sprakcafe", "volunteer_supply", 1, "desired", purpose="Seniorer som samtalsvolontärer"),
    L("genarp-bk", "genarp-medmanniskor", "joint_activity", 1, "desired", purpose="Fotboll för nyinflyttade barn"),
    L("genarp-scout", "genarp-pizzeria", "shared_premises", 1, "desired", purpose="Lån av cafélokalen för scoutmöten"),
]
GENARP_CHALLENGES = [
    ("Ingen har en helhetsbild av vad som händer i Genarp.",
     ["föreningsliv"], ["genarp-bibliotek", "genarp-fritidsgard", "genarp-forsamling", "genarp-medmanniskor"]),
    ("Nyinflyttade barn och unga hittar inte till idrottsföreningarna.",
     ["idrott", "inkludering"], ["genarp-bk", "genarp-gymnastik", "genarp-medmanniskor", "genarp-laxhjalp"]),
    ("Scouterna och boulesällskapet har tappat sina kontakter och lokaler.",
     ["friluftsliv", "föreningsliv"], ["genarp-scout", "genarp-boule"]),
    ("Äldre i byn blir ensamma när bussarna går sällan.",
     ["trygghet", "hälsa"], ["genarp-senior", "genarp-besok", "genarp-traffpunkt"]),
]

MAPS = [
    {
        "name": "Dalby", "stage": "d",
        "description": (
            "Dalby: flera lokala nätverksvävare (bibliotek, fritidsgård, församling, studieförbund "
            "och föreningsråd) håller ihop nätverket. Inkluderingskoordinatorn har kunnat kliva tillbaka."
        ),
        "clusters": DALBY_CLUSTERS, "spokes": [], "loners": [],
        "weavers": ["dalby-bibliotek", "dalby-fritidsgard", "dalby-forsamling", "dalby-studie", "dalby-foreningsrad"],
        "links": DALBY_LINKS, "challenges": DALBY_CHALLENGES,
    },
    {
        "name": "Veberöd", "stage": "b",
        "description": (
            "Veberöd: inkluderingskoordinatorn har tagit in sig i nätverket och bygger en helhetsbild. "
            "Kluster kring bibliotek, fritidsgård, idrott och församling är bara förbundna via koordinatorn."
        ),
        "clusters": VEBEROD_CLUSTERS, "spokes": VEBEROD_SPOKES, "loners": [],
        "weavers": [],
        "links": VEBEROD_LINKS, "challenges": VEBEROD_CHALLENGES,
    },
    {
        "name": "Södra Sandby", "stage": "c",
        "description": (
            "Södra Sandby: aktörerna har hittat gemensamma teman och målgrupper, och de första "
            "direktlänkarna mellan kluster finns, utöver länkarna via inkluderingskoordinatorn."
        ),
        "clusters": SANDBY_CLUSTERS, "spokes": SANDBY_SPOKES, "loners": [],
        "weavers": ["sandby-bibliotek"],
        "links": SANDBY_LINKS, "challenges": SANDBY_CHALLENGES,
    },
    {
        "name": "Genarp", "stage": "a",
        "description": (
            "Genarp: spridda kluster av aktörer som inte känner till eller samverkar med varandra. "
            "Ingen har en helhetsbild; koordinatorn känner bara till nätverket för nyinflyttade."
        ),
        "clusters": GENARP_CLUSTERS, "spokes": [], "loners": GENARP_LONERS,
        "weavers": [],
        "links": GENARP_LINKS, "challenges": GENARP_CHALLENGES,
    },
]

# --------------------------------------------------------------------------- generation helpers
THEME_ACTIVITY = {
    "läsning": "Högläsning och bokprat",
    "språk": "Språkträning",
    "kultur": "Kulturkväll",
    "musik": "Musikcafé",
    "skapande": "Skaparverkstad",
    "idrott": "Prova-på-idrott",
    "hälsa": "Friskvårdsträffar",
    "friluftsliv": "Friluftsdag",
    "natur": "Naturvandring",
    "trygghet": "Trygghetsvandring",
    "inkludering": "Öppen mötesplats",
    "läxhjälp": "Läxhjälp",
    "föreningsliv": "Föreningsträff",
    "digital delaktighet": "Digital hjälp",
    "demokrati": "Dialogmöte",
    "mat": "Gemensam måltid",
}


def parse_actor(line: str) -> dict:
    key, name, typ, sector, themes, targets, resources, role, desc = [p.strip() for p in line.split("|")]
    split = lambda s: [x.strip() for x in s.split(",") if x.strip()]  # noqa: E731
    return {
        "key": key, "name": name, "type": typ, "sector": sector,
        "themes": split(themes), "target_groups": split(targets), "resources": split(resources),
        "description": desc, "is_weaver": False, "_role": role,
    }


def ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class PeopleFactory:
    """Unique fictional person names, dealt deterministically."""

    def __init__(self, rng: random.Random):
        pool = [f"{f} {s}" for f in FIRST_NAMES for s in SURNAMES]
        pool = [p for p in pool if p not in (COORDINATOR_PERSON, DEPARTMENT_PERSON)]
        rng.shuffle(pool)
        self.pool = pool

    def next(self) -> str:
        return self.pool.pop()


def contacts_for(actor: dict, rng: random.Random, people: PeopleFactory) -> list[dict]:
    out = []
    first = people.next()
    email = ""
    if actor["sector"] == "offentlig":  # public staff have a (fictional) work address
        email = ascii_fold(first).lower().replace(" ", ".") + "@example.org"
    out.append({"name": first, "role": actor["_role"], "email": email, "phone": ""})
    if rng.random() < 0.3:
        out.append({"name": people.next(), "role": rng.choice(SECOND_ROLES), "email": "", "phone": ""})
    return out


def pick_kind(a: dict, b: dict, rng: random.Random) -> str:
    types = {a["type"], b["type"]}
    if "business" in types:
        return "agreement"
    if "church" in types and rng.random() < 0.5:
        return "shared_premises"
    if "study_association" in types:
        return rng.choice(["joint_activity", "joint_activity", "dialogue"])
    if types == {"sports_club"}:
        return rng.choice(["dialogue", "shared_premises", "awareness"])
    if "school" in types:
        return rng.choice(["referral", "joint_activity", "information"])
    if "municipal_unit" in types:
        return rng.choice(["information", "dialogue", "referral"])
    if "informal_group" in types and rng.random() < 0.3:
        return "volunteer_supply"
    return rng.choice(["joint_activity", "dialogue", "information", "awareness", "joint_activity"])


def default_strength(kind: str, rng: random.Random) -> int:
    if kind == "awareness":
        return 1
    if kind in ("joint_activity", "shared_premises", "iop", "agreement", "shared_staff"):
        return rng.choice([2, 2, 3])
    return rng.choice([1, 2, 2])


def purpose_for(kind: str, a: dict, b: dict, place: str) -> str:
    shared_t = [t for t in a["themes"] if t in b["themes"]] or a["themes"] + b["themes"]
    shared_g = [g for g in a["target_groups"] if g in b["target_groups"]] or b["target_groups"] or ["alla"]
    theme, group = shared_t[0], shared_g[0]
    if kind == "joint_activity":
        return f"{THEME_ACTIVITY.get(theme, 'Gemensam aktivitet')} för {group}"
    if kind == "shared_premises":
        return f"Delar lokal{' i ' + place if place else ''}"
    if kind == "agreement":
        return "Sponsoravtal" if "business" in (a["type"], b["type"]) else f"Avtal om samarbete kring {theme}"
    if kind == "referral":
        return f"Hänvisar {group} vidare till varandra"
    if kind == "volunteer_supply":
        return "Förmedlar volontärer"
    if kind == "information":
        return "Informerar varandra om aktiviteter"
    if kind == "dialogue":
        return f"Regelbundna samtal om {theme}"
    if kind == "awareness":
        return "Känner till varandra"
    return ""


def venue(actor: dict) -> str:
    return {"church": actor["name"].replace("församling", "församlingshem")}.get(actor["type"], actor["name"])


def date_between(rng: random.Random, y0: int, y1: int) -> str:
    return f"{rng.randint(y0, y1):04d}-{rng.randint(1, 12):02d}-01"


# --------------------------------------------------------------------------- build
def build_map(spec: dict, rng: random.Random, people: PeopleFactory) -> dict:
    actors: dict[str, dict] = {}
    clusters: list[list[str]] = []
    for cluster in spec["clusters"]:
        keys = []
        for line in cluster:
            a = parse_actor(line)
            actors[a["key"]] = a
            keys.append(a["key"])
        clusters.append(keys)
    for line in spec["spokes"] + spec["loners"]:
        a = parse_actor(line)
        actors[a["key"]] = a
    for key in spec["weavers"]:
        actors[key]["is_weaver"] = True
    for a in actors.values():
        a["contacts"] = contacts_for(a, rng, people)
    shared = {COORD: COORDINATOR, DEPT: DEPARTMENT}
    for key, a in shared.items():
        actors[key] = json.loads(json.dumps(a))

    links: list[dict] = []
    seen_pairs: set[frozenset] = set()
    seen_kinds: set[tuple[frozenset, str]] = set()

    def carriers(mode, a: dict, b: dict) -> list[str]:
        if isinstance(mode, list):
            return mode
        ca, cb = a["contacts"][0]["name"], b["contacts"][0]["name"]
        if mode == "one":  # person-bound: rests on one individual
            return [ca if a["key"] != DEPT else cb]
        if mode == "none":
            return []
        return [ca, cb]

    def add(source, target, kind, strength, status, *, purpose="", carried=None, place="",
            start=None, end="", directed=False):
        assert source in actors and target in actors and source != target, (source, target)
        pair = frozenset((source, target))
        assert (pair, kind) not in seen_kinds, (source, target, kind)
        a, b = actors[source], actors[target]
        if carried is None:
            r = rng.random()
            carried = "none" if r < 0.15 else ("one" if r < 0.45 else "both")
        if start is None:
            if status == "existing":
                start = "" if rng.random() < 0.2 else date_between(rng, 2014, 2024)
            elif status == "introduced":
                start = date_between(rng, 2024, 2025)
            else:
                start = ""
        links.append({
            "source": source, "target": target, "kind": kind, "strength": strength,
            "status": status, "directed": directed, "start_date": start, "end_date": end,
            "purpose": purpose or purpose_for(kind, a, b, place),
            "carried_by": carriers(carried, a, b) if status != "desired" else [],
            "place": place,
        })
        seen_pairs.add(pair)
        seen_kinds.add((pair, kind))

    for ln in spec["links"]:
        ln = dict(ln)
        add(ln.pop("source"), ln.pop("target"), ln.pop("kind"), ln.pop("strength"), ln.pop("status"), **ln)

    # dense clusters: hub to everyone, a chain through the rest, a few chords
    for keys in clusters:
        hub, rest = keys[0], keys[1:]
        pairs = [(hub, k) for k in rest] + list(zip(rest, rest[1:]))
        pairs += [(x, y) for i, x in enumerate(rest) for y in rest[i + 2:] if rng.random() < 0.25]
        for x, y in pairs:
            if frozenset((x, y)) in seen_pairs:
                continue
            a, b = actors[x], actors[y]
            kind = pick_kind(a, b, rng)
            place = ""
            if kind == "shared_premises" or (kind == "joint_activity" and rng.random() < 0.3):
                host = a if "lokaler" in a["resources"] else b
                place = venue(host)
            add(x, y, kind, default_strength(kind, rng), "existing", place=place)

    for a in actors.values():
        a.pop("_role", None)
    actor_list = sorted(actors.values(), key=lambda a: a["key"])
    links.sort(key=lambda ln: (ln["source"], ln["target"], ln["kind"]))
    challenges = [{"text": t, "themes": th, "actors": ks} for t, th, ks in spec["challenges"]]
    return {
        "name": spec["name"],
        "area": spec["name"],
        "description": spec["description"],
        "intended_stage": spec["stage"],
        "actors": [{k: a[k] for k in ("key", "name", "type", "sector", "themes", "target_groups",
                                       "resources", "description", "is_weaver", "contacts")}
                   for a in actor_list],
        "links": links,
        "challenges": challenges,
    }


def build() -> dict:
    rng = random.Random(SEED)
    people = PeopleFactory(rng)
    return {"fictional": True, "notice": NOTICE,
            "maps": [build_map(spec, rng, people) for spec in MAPS]}


def render() -> str:
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=OUT, help=f"output file (default {OUT})")
    args = p.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(render().encode("utf-8"))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
