#!/usr/bin/env python3
"""gen-demo.py -- generates data/demo.json, the FICTIONAL demo dataset of vitaal.

Every organisation, incident, event, analysis, risk and measure in the output
is invented for demonstration and training; names carry "(fictief)". Only the
catalogue facts (the 28 vital processes, ministries, threat themes, criteria)
are real, and those come from data/catalogue/*.csv (see docs/data-sources.md).

The document is imported on top of the catalogue (`vitaal init --demo`, or
`vitaal init` followed by `vitaal import data/demo.json`).

Usage:
    scripts/gen-demo.py                 write data/demo.json
    scripts/gen-demo.py -o FILE         write elsewhere ("-" for stdout)
    scripts/gen-demo.py --check         verify references and ranges, print counts
    scripts/gen-demo.py --cascade elektriciteit-landelijk --outage-h 24 --horizon-h 72 [--json]
                                        run the cascade model (method/cascade-model.md)
                                        on the demo dependencies, for review; --json
                                        writes the reference results kept in tests/data/

Python 3 standard library only. Deterministic: the only randomness comes
from random.Random(SEED), so the output is byte-identical on every run.
"""

import argparse
import csv
import json
import os
import random
import sys

SEED = 20261127
TODAY = "2026-11-27"  # reference date the demo is built around
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CATALOGUE = os.path.join(ROOT, "data", "catalogue")

# Field order per kind, exactly as in src/store/model.c (= key order in JSON).
FIELDS = {
    "organisations": ["id", "name", "kind", "parent", "description", "classification", "owner"],
    "settings": ["id", "value", "description", "classification", "owner"],
    "sectors": ["id", "name", "nis2_annex", "cer", "eu_sector", "classification", "owner"],
    "vitaal_criteria": ["id", "unit", "category_a_above", "category_b_above", "verified",
                        "comparator", "category_a_verified", "category_b_verified",
                        "classification", "owner"],
    "impact_criteria": ["id", "interest", "name", "weight", "classification", "owner"],
    "impact_classes": ["id", "label", "score", "aggregate_min", "classification", "owner"],
    "likelihood_classes": ["id", "label", "p_min_5y", "p_max_5y", "classification", "owner"],
    "threats": ["id", "name", "theme", "description", "classification", "owner"],
    "frameworks": ["id", "urn", "ref_id", "name", "description", "language", "name_translations",
                   "description_translations", "classification", "owner"],
    "requirements": ["id", "framework", "parent", "ref_id", "name", "description", "assessable",
                     "position", "annotation", "name_translations", "description_translations",
                     "annotation_translations", "classification", "owner"],
    "processes": ["id", "name", "sector", "ministry", "category", "recovery_h", "mtpd_h",
                  "mtpd_reason", "description", "classification", "owner"],
    "services": ["id", "name", "kind", "provider", "description", "recovery_h", "classification",
                 "owner"],
    "provider_links": ["id", "provider", "process", "nis2_entity", "cer_critical",
                       "cer_identified", "cer_notified", "description", "classification", "owner"],
    "assessments": ["id", "process", "date", "assessor", "impacts", "category", "rationale",
                    "cascade_outage_h", "decided_by", "engine_explanation", "based_on",
                    "status", "approved_by", "approved_at", "approval_comment", "rejection",
                    "classification", "owner"],
    "events": ["id", "name", "occurred", "description", "processes", "classification", "owner"],
    "analyses": ["id", "process", "cycle_year", "kind", "event", "status", "started", "finalised",
                 "summary", "findings", "approved_by", "approved_at", "approval_comment",
                 "rejection", "classification", "owner"],
    "risks": ["id", "analysis", "threat", "scenario", "likelihood", "impacts", "resilience",
              "outage_h", "own_systems", "fallback", "classification", "owner"],
    "requests": ["id", "title", "process", "to", "analysis", "framework", "due", "questions",
                 "status", "sent_by", "sent_at", "classification", "owner"],
    "contributions": ["id", "analysis", "provider", "request", "status", "summary", "findings",
                      "submitted_by", "submitted_at", "classification", "owner"],
    "proposed_risks": ["id", "contribution", "threat", "scenario", "likelihood", "impacts",
                       "resilience", "decision", "reason", "decided_by", "decided_at", "risk",
                       "classification", "owner"],
    "fallback_options": ["id", "process", "kind", "needed", "need_rationale", "available",
                         "activation_h", "duration_h", "cost_eur", "proportionate",
                         "alternative_measure", "description", "classification", "owner"],
    "dependencies": ["id", "process", "suppliers", "supplier_services", "buffer_h", "fallback",
                     "description", "classification", "owner"],
    "measures": ["id", "name", "kind", "scope", "processes", "risks", "due", "status",
                 "expected_effect", "cost_eur", "effect", "effect_dependency", "effect_supplier",
                 "effect_hours", "effect_activation_h", "effect_duration_h", "effect_risk",
                 "effect_criterion", "effect_class", "review_interval_months", "requirements",
                 "classification", "owner"],
    "reviews": ["id", "measure", "date", "method", "result", "findings", "adjustment",
                "follow_up", "status", "approved_by", "approved_at", "approval_comment",
                "rejection", "classification", "owner"],
    "incidents": ["id", "process", "provider", "title", "detected_at", "significant",
                  "early_warning_at", "notification_at", "final_report_at", "description",
                  "classification", "owner"],
    "requirement_assessments": ["id", "provider", "requirement", "result", "remarks", "assessor",
                                "date", "classification", "owner"],
    "campaigns": ["id", "title", "framework", "to", "due", "status", "classification", "owner"],
    "iim_tables": ["id", "name", "source", "year", "unit", "illustrative", "data", "sector_map",
                   "classification", "owner"],
}
# every kind ends with the marking and the shares (store/model.c F_COMMON)
SHARING_FIELDS = ["tlp", "shared_with", "shared_with_people"]
for _fields in FIELDS.values():
    _fields.extend(SHARING_FIELDS)
DOCUMENT_VERSION = 2  # domain/import.h IMPORT_DOCUMENT_VERSION
KINDS = list(FIELDS)


class Null:
    """An explicit JSON null (a field that is deliberately 'not judged')."""


NULL = Null()


def read_catalogue(kind):
    path = os.path.join(CATALOGUE, kind + ".csv")
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CAT_PROCESSES = {r["id"]: r for r in read_catalogue("processes")}
CAT_IMPACT = [r["id"] for r in read_catalogue("impact_criteria")]
CAT_VITAAL = {r["id"]: r for r in read_catalogue("vitaal_criteria")}
CAT_SETTINGS = {r["id"]: r["value"] for r in read_catalogue("settings")}


def ministry_of(process):
    return CAT_PROCESSES[process]["ministry"]


# --------------------------------------------------------------------------
# Processes: the 28 catalogue processes again, now with recovery_h and a
# description (an import updates records whose id exists).

# A process's own maximum tolerable period of disruption (ISO 22301), where
# it departs from its category's default (docs/method.md, fallback need).
PROCESS_MTPD = {
    "toonbankbetalingen": (8, "Winkels en consumenten kunnen hooguit een halve werkdag niet "
                              "afrekenen voordat de voedselvoorziening hapert; het overleg over "
                              "het betalingsverkeer houdt 8 uur aan (fictief)."),
}

PROCESS_DETAIL = {
    "elektriciteit-landelijk": (24, "Productie en transport over het hoogspanningsnet (380/220/150 kV) "
                                "en koppeling met buurlanden. Herstel na een landelijke black-out "
                                "gaat stapsgewijs vanuit black-start-eenheden."),
    "elektriciteit-regionaal": (6, "Distributie over midden- en laagspanningsnetten door de regionale "
                                "netbeheerders naar huishoudens en bedrijven."),
    "gas-landelijk": (12, "Winning, import (pijpleiding en LNG), opslag en transport over het "
                      "landelijke hogedruknet."),
    "gas-regionaal": (48, "Distributie van gas naar circa zeven miljoen aansluitingen; na drukverlies "
                      "moeten aansluitingen een voor een veilig worden heringeschakeld."),
    "olie": (24, "Aanvoer, raffinage, opslag en distributie van olieproducten, inclusief de "
             "strategische voorraad."),
    "internet-datadiensten": (4, "Internetknooppunten, DNS, datacenters en clouddiensten waarop andere "
                              "diensten draaien."),
    "internettoegang": (3, "Vaste en mobiele internettoegang en dataverkeer voor burgers, bedrijven "
                        "en overheid."),
    "spraak-sms": (2, "Vaste en mobiele telefonie en SMS, inclusief de bereikbaarheid van 112."),
    "gnss": (1, "Plaats- en tijdsbepaling met satellietnavigatie en de grondinfrastructuur voor "
             "correctiesignalen en tijdsdistributie."),
    "drinkwater": (12, "Winning, zuivering en distributie van drinkwater; na drukverlies volgen "
                   "spoelen en bacteriologische controle."),
    "waterkeren": (2, "Keren van hoogwater en beheren van het peil met dijken, gemalen, sluizen en "
                   "stormvloedkeringen."),
    "luchtvaart": (12, "Luchtverkeersleiding, vliegtuig- en passagiersafhandeling op de luchthavens."),
    "scheepvaart": (8, "Verkeersbegeleiding, loodsdiensten en afhandeling in zeehavens en op de "
                    "vaarwegen."),
    "spoor": (10, "Personen- en goederenvervoer over het hoofdspoorwegnet, inclusief tractievoeding "
              "en verkeersleiding."),
    "wegennet": (2, "Vervoer over het hoofdwegennet, inclusief tunnels, bruggen en "
                 "verkeerscentrales."),
    "chemie": (48, "Productie, verwerking en opslag van (petro)chemische stoffen in de grote "
               "clusters; herstart na een noodstop kost dagen."),
    "nucleair": (72, "Opslag, productie en verwerking van nucleair materiaal, inclusief de "
                 "kerncentrale en de centrale opslag van radioactief afval."),
    "toonbankbetalingen": (1, "Betalen aan de kassa met pinpas, telefoon of contant geld."),
    "giraal-betalingsverkeer": (4, "Overboekingen, incasso's, internetbankieren en online betalen."),
    "interbancair-betalingsverkeer": (2, "Grote betalingen en afwikkeling tussen banken en met de "
                                      "centrale bank."),
    "effectenverkeer": (4, "Handel, clearing en afwikkeling van effecten."),
    "hulpdiensten-112-c2000": (1, "Bereikbaarheid van 112, de meldkamers en de onderlinge "
                               "communicatie van hulpdiensten over C2000."),
    "politie": (2, "Inzet van de politie voor noodhulp, handhaving van de openbare orde en "
                "opsporing."),
    "basisregistraties": (4, "Basisregistraties van personen en organisaties waarop overheid en "
                          "ketenpartners steunen."),
    "interconnectiviteit": (2, "Knooppunten en netwerken voor de uitwisseling van gegevens uit "
                            "basisregistraties tussen overheidsorganisaties."),
    "berichtenverkeer-burgers": (4, "Digitale post en informatieverschaffing van de overheid aan "
                                 "burgers en bedrijven."),
    "identificatie-authenticatie": (2, "Inloggen bij overheid en semi-overheid door burgers en "
                                    "bedrijven."),
    "defensie": (6, "Inzet van de krijgsmacht, ook ter ondersteuning van civiele autoriteiten."),
}

# --------------------------------------------------------------------------
# Organisations: fictional vital providers and two other organisations.
# (id, name, description, [(process, nis2_entity, cer_critical, what it provides)])

# CER dates of the critical entities (provider -> (identified, notified)):
# the Netherlands identifies its critical entities through 2026 (the CER
# milestone is 17 July 2026). Energy and drinking water went first, so their
# risk assessments fell due in the autumn of 2026; most others follow in
# 2027. Wegbeheer and the login foundation are not yet identified; the rail
# manager and the government network node are identified, not yet notified.
CER_DATES = {
    "hoogspanningsnet-nl": ("2026-01-20", "2026-02-10"),
    "centrale-maasmond": ("2026-01-20", "2026-02-10"),
    "gastransport-lage-landen": ("2026-01-20", "2026-02-10"),
    "lng-terminal-eemshoek": ("2026-01-20", "2026-02-10"),
    "kerncentrale-schelde-oost": ("2026-01-20", "2026-02-10"),
    "netbeheer-noordkust": ("2026-03-16", "2026-04-08"),
    "netbeheer-rivierenland": ("2026-03-16", "2026-04-08"),
    "zuidrand-netwerken": ("2026-03-16", "2026-04-08"),
    "olieterminal-botlek-oost": ("2026-03-16", "2026-04-08"),
    "raffinaderij-pernisse": ("2026-03-16", "2026-04-08"),
    "waterbedrijf-noordkust": ("2025-12-15", "2026-01-12"),
    "drinkwater-midden-delta": ("2025-12-15", "2026-01-12"),
    "waterleiding-zuidrand": ("2025-12-15", "2026-01-12"),
    "waterschap-lage-polders": ("2026-06-30", "2026-07-21"),
    "dienst-waterkeringen": ("2026-06-30", "2026-07-21"),
    "luchthaven-polderveld": ("2026-05-11", "2026-06-01"),
    "luchtverkeersleiding-lage-landen": ("2026-05-11", "2026-06-01"),
    "havenbedrijf-maasmond": ("2026-05-11", "2026-06-01"),
    "spoorbeheer-nederland": ("2026-07-10", None),
    "amstel-internet-exchange": ("2026-07-15", "2026-08-05"),
    "domeinregistratie-demo": ("2026-07-15", "2026-08-05"),
    "rijksdienst-basisregistraties": ("2026-07-01", "2026-07-29"),
    "overheidsknooppunt": ("2026-11-02", None),
}

PROVIDERS = [
    # energy
    ("hoogspanningsnet-nl", "Hoogspanningsnet Nederland N.V. (fictief)",
     "Fictieve landelijke transmissienetbeheerder (TSO).",
     [("elektriciteit-landelijk", "essential", True, "Beheer van het landelijke hoogspanningsnet en systeembalans")]),
    ("centrale-maasmond", "Centrale Maasmond B.V. (fictief)",
     "Fictieve exploitant van een gasgestookte centrale met black-start-vermogen.",
     [("elektriciteit-landelijk", "essential", True, "Productie en black-start-vermogen")]),
    ("windenergie-doggersrand", "Windenergie Doggersrand B.V. (fictief)",
     "Fictieve exploitant van windparken op zee.",
     [("elektriciteit-landelijk", "essential", False, "Productie door windparken op zee")]),
    ("netbeheer-noordkust", "Netbeheer Noordkust B.V. (fictief)",
     "Fictieve regionale netbeheerder voor elektriciteit en gas in het noorden.",
     [("elektriciteit-regionaal", "essential", True, "Regionaal elektriciteitsnet noord"),
      ("gas-regionaal", "essential", True, "Regionaal gasnet noord")]),
    ("netbeheer-rivierenland", "Netbeheer Rivierenland N.V. (fictief)",
     "Fictieve regionale netbeheerder in het midden van het land.",
     [("elektriciteit-regionaal", "essential", True, "Regionaal elektriciteitsnet midden"),
      ("gas-regionaal", "essential", True, "Regionaal gasnet midden")]),
    ("zuidrand-netwerken", "Zuidrand Netwerken B.V. (fictief)",
     "Fictieve regionale netbeheerder in het zuiden.",
     [("elektriciteit-regionaal", "essential", True, "Regionaal elektriciteitsnet zuid"),
      ("gas-regionaal", "essential", False, "Regionaal gasnet zuid")]),
    ("gastransport-lage-landen", "Gastransport Lage Landen B.V. (fictief)",
     "Fictieve beheerder van het landelijke gastransportnet.",
     [("gas-landelijk", "essential", True, "Landelijk gastransport en kwaliteitsconversie")]),
    ("gaswinning-waddenrand", "Gaswinning Waddenrand B.V. (fictief)",
     "Fictieve producent van aardgas uit kleine velden.",
     [("gas-landelijk", "important", False, "Gaswinning uit kleine velden")]),
    ("lng-terminal-eemshoek", "LNG Terminal Eemshoek B.V. (fictief)",
     "Fictieve exploitant van een drijvende LNG-importterminal.",
     [("gas-landelijk", "essential", True, "Import en hervergassing van LNG")]),
    ("olieterminal-botlek-oost", "Olieterminal Botlek-Oost B.V. (fictief)",
     "Fictieve exploitant van tankopslag in het havengebied.",
     [("olie", "essential", True, "Opslag en overslag van ruwe olie en olieproducten")]),
    ("raffinaderij-pernisse", "Raffinaderij Pernisse B.V. (fictief)",
     "Fictieve raffinaderij met petrochemische installaties.",
     [("olie", "essential", True, "Raffinage van brandstoffen"),
      ("chemie", "important", False, "Petrochemische grondstoffen")]),
    ("strategische-olievoorraad", "Stichting Strategische Olievoorraad (fictief)",
     "Fictieve beheerder van de wettelijke strategische olievoorraad.",
     [("olie", "none", False, "Beheer van de strategische noodvoorraad")]),
    # telecom and digital
    ("poldertel", "PolderTel N.V. (fictief)",
     "Fictieve landelijke aanbieder van vaste en mobiele telecommunicatie.",
     [("internettoegang", "essential", False, "Vast en mobiel internet"),
      ("spraak-sms", "essential", False, "Vaste en mobiele telefonie, SMS, doorgifte 112"),
      ("internet-datadiensten", "essential", False, "Eigen datacenters en DNS-resolvers")]),
    ("kustlijn-mobiel", "Kustlijn Mobiel B.V. (fictief)",
     "Fictieve mobiele netwerkaanbieder.",
     [("spraak-sms", "essential", False, "Mobiele telefonie en SMS"),
      ("internettoegang", "essential", False, "Mobiel internet")]),
    ("glasnet-delta", "GlasNet Delta B.V. (fictief)",
     "Fictieve aanbieder van glasvezelnetwerken.",
     [("internettoegang", "important", False, "Glasvezeltoegang voor huishoudens en bedrijven")]),
    ("amstel-internet-exchange", "Amstel Internet Exchange (fictief)",
     "Fictief internetknooppunt waar netwerken verkeer uitwisselen.",
     [("internet-datadiensten", "essential", True, "Uitwisseling van internetverkeer")]),
    ("datacentrum-haarlemmermeer-noord", "Datacentrum Haarlemmermeer-Noord B.V. (fictief)",
     "Fictief colocatiedatacenter.",
     [("internet-datadiensten", "essential", False, "Colocatie voor banken, overheid en clouddiensten")]),
    ("domeinregistratie-demo", "Stichting Domeinregistratie Demo (fictief)",
     "Fictieve registry van een topleveldomein.",
     [("internet-datadiensten", "essential", True, "DNS-registry en nameservers")]),
    ("noordzee-kabelconsortium", "Noordzee Kabelconsortium (fictief)",
     "Fictief consortium dat zeekabels naar het VK en Scandinavië exploiteert.",
     [("internettoegang", "important", False, "Internationale zeekabelverbindingen"),
      ("internet-datadiensten", "important", False, "Internationale transitcapaciteit")]),
    ("wolkdiensten-europa", "WolkDiensten Europa B.V. (fictief)",
     "Fictieve aanbieder van clouddiensten (IaaS/PaaS).",
     [("internet-datadiensten", "important", False, "Cloudplatform voor vitale afnemers")]),
    ("tijd-en-positie-diensten", "Tijd en Positie Diensten B.V. (fictief)",
     "Fictieve aanbieder van GNSS-correctiesignalen en tijdsdistributie.",
     [("gnss", "important", False, "Correctiesignalen en tijdsdistributie")]),
    ("procesautomatisering-delta", "Procesautomatisering Delta B.V. (fictief)",
     "Fictieve leverancier en beheerder van procesautomatisering (SCADA) voor water en energie.",
     [("drinkwater", "important", False, "Beheer van procesautomatisering"),
      ("waterkeren", "important", False, "Beheer van besturing van gemalen")]),
    # water
    ("waterbedrijf-noordkust", "Waterbedrijf Noordkust N.V. (fictief)",
     "Fictief drinkwaterbedrijf in het noorden.",
     [("drinkwater", "essential", True, "Drinkwater voor 1,8 miljoen inwoners")]),
    ("drinkwater-midden-delta", "Drinkwater Midden-Delta N.V. (fictief)",
     "Fictief drinkwaterbedrijf in het midden en westen.",
     [("drinkwater", "essential", True, "Drinkwater voor 3,1 miljoen inwoners")]),
    ("waterleiding-zuidrand", "Waterleiding Zuidrand N.V. (fictief)",
     "Fictief drinkwaterbedrijf in het zuiden.",
     [("drinkwater", "essential", True, "Drinkwater voor 2,4 miljoen inwoners")]),
    ("waterschap-lage-polders", "Waterschap Lage Polders (fictief)",
     "Fictief waterschap met regionale keringen en gemalen.",
     [("waterkeren", "essential", True, "Regionale keringen en peilbeheer")]),
    ("dienst-waterkeringen", "Dienst Primaire Waterkeringen (fictief)",
     "Fictieve rijksdienst voor primaire keringen en stormvloedkeringen.",
     [("waterkeren", "essential", True, "Primaire keringen en stormvloedkeringen")]),
    # transport
    ("luchthaven-polderveld", "Luchthaven Polderveld N.V. (fictief)",
     "Fictieve nationale luchthaven.",
     [("luchtvaart", "essential", True, "Luchthavenexploitatie en afhandeling")]),
    ("luchtverkeersleiding-lage-landen", "Luchtverkeersleiding Lage Landen (fictief)",
     "Fictieve luchtverkeersleidingsorganisatie.",
     [("luchtvaart", "essential", True, "Luchtverkeersleiding")]),
    ("havenbedrijf-maasmond", "Havenbedrijf Maasmond N.V. (fictief)",
     "Fictief havenbedrijf van de grootste zeehaven.",
     [("scheepvaart", "essential", True, "Havenbeheer en verkeersbegeleiding")]),
    ("loodswezen-kust", "Loodswezen Kust (fictief)",
     "Fictieve loodsenorganisatie.",
     [("scheepvaart", "important", False, "Loodsdiensten")]),
    ("spoorbeheer-nederland", "Spoorbeheer Nederland B.V. (fictief)",
     "Fictieve beheerder van de hoofdspoorweginfrastructuur.",
     [("spoor", "essential", True, "Spoorinfrastructuur, tractievoeding en verkeersleiding")]),
    ("reizigers-spoor", "Reizigers Spoor N.V. (fictief)",
     "Fictieve hoofdvervoerder op het spoor.",
     [("spoor", "essential", False, "Reizigersvervoer")]),
    ("wegbeheer-rijkswegen", "Wegbeheer Rijkswegen (fictief)",
     "Fictieve beheerder van het hoofdwegennet en de verkeerscentrales.",
     [("wegennet", "essential", True, "Hoofdwegennet, tunnels en verkeersmanagement")]),
    # chemicals and nuclear
    ("chemiepark-botlek-west", "Chemiepark Botlek-West B.V. (fictief)",
     "Fictief chemisch complex (BRZO-inrichting).",
     [("chemie", "important", False, "Productie van basischemicaliën")]),
    ("zoutchemie-eemsmond", "Zoutchemie Eemsmond B.V. (fictief)",
     "Fictieve producent van chloor en natronloog, ook voor drinkwaterzuivering.",
     [("chemie", "important", False, "Chloor en natronloog")]),
    ("kerncentrale-schelde-oost", "Kerncentrale Schelde-Oost N.V. (fictief)",
     "Fictieve exploitant van een kerncentrale.",
     [("nucleair", "none", False, "Exploitatie van de kerncentrale"),
      ("elektriciteit-landelijk", "essential", True, "Basislastproductie")]),
    ("centrale-opslag-radioactief", "Centrale Opslag Radioactief Materiaal (fictief)",
     "Fictieve beheerder van de opslag van radioactief afval.",
     [("nucleair", "none", False, "Opslag van radioactief afval")]),
    # finance
    ("polderbank", "Polderbank N.V. (fictief)",
     "Fictieve systeembank.",
     [("toonbankbetalingen", "essential", False, "Betaalpassen en geldautomaten"),
      ("giraal-betalingsverkeer", "essential", False, "Betaalrekeningen en internetbankieren")]),
    ("kustbank", "Kustbank N.V. (fictief)",
     "Fictieve systeembank.",
     [("toonbankbetalingen", "essential", False, "Betaalpassen"),
      ("giraal-betalingsverkeer", "essential", False, "Betaalrekeningen"),
      ("effectenverkeer", "essential", False, "Effectenbewaring en -dienstverlening")]),
    ("rivierland-bank", "Rivierland Bank N.V. (fictief)",
     "Fictieve middelgrote bank.",
     [("giraal-betalingsverkeer", "important", False, "Betaalrekeningen")]),
    ("betaalverwerking-nederland", "Betaalverwerking Nederland B.V. (fictief)",
     "Fictieve verwerker van pin-, incasso- en overboekingstransacties voor meerdere banken.",
     [("giraal-betalingsverkeer", "essential", False, "Clearing en verwerking van overboekingen"),
      ("toonbankbetalingen", "essential", False, "Verwerking van pintransacties")]),
    ("pinpunt-acquiring", "PinPunt Acquiring B.V. (fictief)",
     "Fictieve acquirer van betaalterminals.",
     [("toonbankbetalingen", "important", False, "Acceptatie van kaartbetalingen")]),
    ("clearinghuis-lage-landen", "Clearinghuis Lage Landen (fictief)",
     "Fictieve clearinginstelling voor massaal betalingsverkeer.",
     [("giraal-betalingsverkeer", "essential", False, "Clearing van massaal betalingsverkeer"),
      ("interbancair-betalingsverkeer", "essential", False, "Aanlevering aan het afwikkelsysteem")]),
    ("nationale-afwikkelbank", "Nationale Afwikkelbank (fictief)",
     "Fictieve exploitant van het nationale deel van het grotebedragenbetalingssysteem.",
     [("interbancair-betalingsverkeer", "essential", False, "Afwikkeling van grote betalingen")]),
    ("effectenbewaarinstelling-damrak", "Effectenbewaarinstelling Damrak (fictief)",
     "Fictieve centrale effectenbewaarinstelling.",
     [("effectenverkeer", "essential", False, "Bewaring en afwikkeling van effecten")]),
    ("beurs-amstel", "Beurs Amstel N.V. (fictief)",
     "Fictieve effectenbeurs.",
     [("effectenverkeer", "essential", False, "Handelsplatform")]),
    # public order, government, defence
    ("landelijke-meldkamersamenwerking", "Landelijke Meldkamer Samenwerking Demo (fictief)",
     "Fictieve organisatie voor de meldkamers van politie, brandweer en ambulancezorg.",
     [("hulpdiensten-112-c2000", "none", False, "Meldkamers en 112-afhandeling")]),
    ("beheer-noodcommunicatie", "Beheerorganisatie Noodcommunicatie (fictief)",
     "Fictieve beheerder van het C2000-netwerk.",
     [("hulpdiensten-112-c2000", "none", False, "C2000-netwerk")]),
    ("nationale-politie-demo", "Nationale Politie-eenheid Demo (fictief)",
     "Fictieve politieorganisatie voor de demo.",
     [("politie", "none", False, "Politie-inzet")]),
    ("rijksdienst-basisregistraties", "Rijksdienst Basisregistraties (fictief)",
     "Fictieve beheerder van basisregistraties.",
     [("basisregistraties", "essential", True, "Beheer van basisregistraties personen en organisaties")]),
    ("overheidsknooppunt", "Overheidsknooppunt Gegevensuitwisseling (fictief)",
     "Fictieve beheerder van de gegevensknooppunten van de overheid.",
     [("interconnectiviteit", "essential", True, "Gegevensknooppunten en overheidsnetwerk")]),
    ("dienst-digitale-post", "Dienst Digitale Post Burgers (fictief)",
     "Fictieve beheerder van digitale overheidspost.",
     [("berichtenverkeer-burgers", "essential", False, "Digitale berichtenbox")]),
    ("stichting-inlogdiensten", "Stichting Inlogdiensten Overheid (fictief)",
     "Fictieve beheerder van inlogmiddelen voor burgers en bedrijven.",
     [("identificatie-authenticatie", "essential", True, "Inlogmiddelen en authenticatie")]),
    ("defensie-it-commando", "Defensie IT- en Materieelcommando (fictief)",
     "Fictief onderdeel van Defensie voor IT en materieel.",
     [("defensie", "none", False, "Militaire IT, communicatie en logistiek")]),
]

PROVIDER_PARENT = {"defensie-it-commando": "def"}

OTHER_ORGS = [
    # issue 20 part 4: the companies behind the demo's shared services
    ("wolkenburg-cloud", "Wolkenburg Cloud B.V. (fictief)", "provider",
     "Fictieve leverancier van het nationale cloudplatform voor overheid en banken.", None),
    ("tijdbaken-pnt", "Tijdbaken PNT-diensten B.V. (fictief)", "provider",
     "Fictieve leverancier van een satelliet-tijdsignaal (PNT) met eigen grondstations.", None),
    ("toezichthouder-vitale-infra", "Toezichthouder Vitale Infrastructuur (fictief)", "other",
     "Fictieve inspectie die de zorgplicht van vitale aanbieders toetst (auditor in de demo).",
     "ienw"),
    ("veiligheidsregio-kustland", "Veiligheidsregio Kustland (fictief)", "other",
     "Fictieve veiligheidsregio, oefenpartner bij toetsing van maatregelen.", None),
]

# --------------------------------------------------------------------------
# Fallback options: (id, process, kind, needed, need_rationale, available,
# activation_h, duration_h, cost_eur, proportionate, description, owner, classification)

FALLBACKS = [
    ("fb-tso-satcom", "elektriciteit-landelijk", "alternative_supplier", "yes",
     "Zonder communicatie geen netbesturing en geen black-start na een landelijke uitval.",
     True, 48, 168, 4500000, True,
     "Satellietcommunicatie en veldploegen voor de besturing van het hoogspanningsnet",
     "hoogspanningsnet-nl", "confidential"),
    ("fb-tso-handbediening", "elektriciteit-landelijk", "analogue", "yes",
     "Zonder netbesturingssystemen moet het hoogspanningsnet met de hand bediend kunnen worden; "
     "het net verdraagt hooguit vier uur zonder besturing.",
     True, 6, 168, 3500000, True,
     "Handbediening van 380/220 kV-stations door bemande ploegen, aangestuurd via satelliettelefoon "
     "vanuit het reservebedrijfsvoeringscentrum; bemensen van alle stations duurt zes uur",
     "hoogspanningsnet-nl", "confidential"),
    ("fb-regionaal-veldploegen", "elektriciteit-regionaal", "analogue", "yes",
     "Storingen moeten ook zonder publieke telecom worden opgespoord en geschakeld.",
     True, 12, 120, 1200000, True,
     "Handbediening van middenspanningsstations door veldploegen met portofoons",
     "netbeheer-rivierenland", "internal"),
    ("fb-gas-handbediening", "gas-landelijk", "analogue", "yes",
     "Compressor- en meetstations moeten bij uitval van besturing op afstand doordraaien.",
     True, 6, 168, 800000, True,
     "Lokale bediening van compressor- en meetstations door bemande posten",
     "gastransport-lage-landen", "internal"),
    ("fb-dc-dieselbevoorrading", "internet-datadiensten", "alternative_supplier", "yes",
     "Noodstroom van datacenters reikt circa 48 uur; daarna is bevoorrading met diesel nodig "
     "en die is niet geregeld.",
     False, 48, 120, 2000000, NULL,
     "Prioritaire dieselbevoorrading van datacenters bij langdurige stroomuitval",
     "ezk", "confidential"),
    ("fb-noodstroom-opstelpunten", "internettoegang", "alternative_supplier", "yes",
     "Mobiele opstelpunten vallen na 2-4 uur uit; daarmee vallen ook betalen en 112 weg.",
     False, 4, 48, 180000000, False,
     "Acht uur accucapaciteit en aansluitpunten voor aggregaten op alle mobiele opstelpunten",
     "ezk", "confidential"),
    ("fb-mobiele-aggregaten-telecom", "spraak-sms", "alternative_supplier", "yes",
     "Bereikbaarheid van 112 in gebieden zonder stroom.",
     True, 6, 72, 6500000, True,
     "Mobiele aggregaten voor prioritaire opstelpunten (112-dekking)",
     "poldertel", "confidential"),
    ("fb-drinkwater-noodstroom", "drinkwater", "alternative_supplier", "yes",
     "Zonder pompen valt de druk weg in hooggelegen delen en hoogbouw.",
     True, 4, 36, 9000000, True,
     "Noodstroomaggregaten op productielocaties en boosterstations (brandstof voor 36 uur)",
     "drinkwater-midden-delta", "internal"),
    ("fb-drinkwater-handbediening", "drinkwater", "analogue", "yes",
     "Telemetrie valt weg bij telecomuitval; pompstations moeten lokaal bediend kunnen worden.",
     True, 12, 168, 300000, True,
     "Handbediening van pompstations zonder telemetrie",
     "waterbedrijf-noordkust", "internal"),
    ("fb-noodwater", "drinkwater", "alternative_supplier", "yes",
     "Wettelijke plicht tot nooddrinkwater (3 liter per persoon per dag).",
     True, 24, 240, 1500000, True,
     "Noodwatervoorziening met tankwagens en flessen",
     "ienw", "internal"),
    ("fb-gemalen-diesel", "waterkeren", "alternative_supplier", "yes",
     "Gemalen moeten blijven draaien bij hoogwater, ook zonder net.",
     True, 24, 72, 2500000, True,
     "Dieselaandrijving en mobiele pompen bij gemalen",
     "waterschap-lage-polders", "internal"),
    ("fb-waterkeren-handbediening", "waterkeren", "analogue", "yes",
     "Keringen moeten ook zonder besturing op afstand kunnen sluiten.",
     True, 8, 168, 150000, True,
     "Lokale bediening van keringen en gemalen door bemande posten",
     "dienst-waterkeringen", "confidential"),
    ("fb-conventionele-navigatie", "luchtvaart", "alternative_supplier", "yes",
     "GNSS-verstoringen komen vaker voor; naderingen moeten zonder GNSS kunnen.",
     True, 0, 720, 0, True,
     "Conventionele navigatiemiddelen (ILS, DME) bij verstoring van GNSS",
     "luchtverkeersleiding-lage-landen", "internal"),
    ("fb-haven-papieren-procedures", "scheepvaart", "analogue", "yes",
     "Zonder havencommunicatiesysteem stokken aanmelding en douaneafhandeling.",
     True, 6, 72, 50000, True,
     "Papieren meldingen en marifoonprocedures bij uitval van het havencommunicatiesysteem",
     "havenbedrijf-maasmond", "internal"),
    ("fb-walradar", "scheepvaart", "alternative_supplier", "yes",
     "Verkeersbegeleiding moet bij GNSS- en AIS-verstoring doorgaan.",
     True, 0, 720, 0, True,
     "Walradar en verkeersbegeleiding via marifoon bij GNSS-verstoring",
     "havenbedrijf-maasmond", "internal"),
    ("fb-contant-betalen", "toonbankbetalingen", "analogue", "yes",
     "Contant geld is het enige betaalmiddel dat zonder telecom werkt.",
     True, 0, 72, 0, True,
     "Contante betaling aan de kassa; banken houden geldautomaten op noodstroom",
     "fin", "internal"),
    ("fb-offline-pin", "toonbankbetalingen", "digital", "unknown",
     "Offline-pin verschuift het kredietrisico naar winkeliers; nut bij stroomuitval beperkt.",
     False, 0, 24, 3000000, NULL,
     "Offline-pintransacties die later worden verwerkt",
     "pinpunt-acquiring", "confidential"),
    ("fb-giraal-noodverwerking", "giraal-betalingsverkeer", "digital", "yes",
     "Salarissen en uitkeringen moeten ook bij uitval van een verwerker worden betaald.",
     True, 4, 48, 7500000, True,
     "Gezamenlijke noodverwerking van prioritaire betalingen bij een uitwijkverwerker",
     "betaalverwerking-nederland", "confidential"),
    ("fb-rtgs-contingency", "interbancair-betalingsverkeer", "digital", "yes",
     "Kritieke betalingen tussen banken mogen niet langer dan enkele uren stilliggen.",
     True, 2, 120, 0, True,
     "Contingency-module voor kritieke betalingen van het afwikkelsysteem",
     "nationale-afwikkelbank", "confidential"),
    ("fb-noodsteunpunten", "hulpdiensten-112-c2000", "analogue", "yes",
     "Zonder spraak en SMS kunnen burgers 112 niet bereiken.",
     True, 2, 168, 4000000, True,
     "Noodsteunpunten (brandweerkazernes, gemeentehuizen) waar burgers hulp kunnen melden",
     "jenv", "internal"),
    ("fb-c2000-aggregaten", "hulpdiensten-112-c2000", "alternative_supplier", "yes",
     "C2000-masten hebben accu's voor enkele uren.",
     True, 8, 64, 3500000, True,
     "Noodstroom op meldkamers en mobiele aggregaten bij C2000-masten",
     "beheer-noodcommunicatie", "confidential"),
    ("fb-noodbrandstof-politie", "politie", "alternative_supplier", "yes",
     "Noodhulp moet doorgaan als tankstations niet leveren.",
     True, 0, 336, 900000, True,
     "Eigen brandstofvoorraad en prioriteit bij aangewezen tankstations",
     "nationale-politie-demo", "confidential"),
    ("fb-basisregistraties-kopie", "basisregistraties", "digital", "unknown",
     "Nog onderzocht of een alleen-lezen kopie proportioneel is.",
     False, 4, 72, 1800000, NULL,
     "Alleen-lezen kopie van de basisregistratie in een tweede rekencentrum",
     "rijksdienst-basisregistraties", "confidential"),
    ("fb-papieren-post", "berichtenverkeer-burgers", "analogue", "yes",
     "Termijnbrieven (belastingen, toeslagen) moeten burgers ook zonder internet bereiken.",
     True, 24, 720, 2000000, True,
     "Berichten per papieren post",
     "dienst-digitale-post", "internal"),
    ("fb-authenticator-app", "identificatie-authenticatie", "digital", "yes",
     "SMS-codes vallen weg bij telecomstoringen.",
     True, 0, 720, 500000, True,
     "Inloggen met een app in plaats van een SMS-code",
     "stichting-inlogdiensten", "internal"),
    ("fb-defensie-eigen-netwerk", "defensie", "alternative_supplier", "yes",
     "Inzet moet onafhankelijk van civiele telecom kunnen.",
     True, 0, 720, None, True,
     "Eigen militaire verbindingsnetwerken en satellietcommunicatie",
     "def", "secret"),
    ("fb-spoor-handseinen", "spoor", "analogue", "no",
     "Rijden op aanwijzing levert te weinig capaciteit; bij uitval wordt de dienst gestaakt.",
     False, 2, 48, None, False,
     "Rijden op aanwijzing van de treindienstleider met handseinen",
     "spoorbeheer-nederland", "internal"),
    ("fb-nucleair-mobiele-noodstroom", "nucleair", "alternative_supplier", "yes",
     "Koeling moet langer dan 72 uur gegarandeerd zijn (les uit de stresstests van 2011).",
     True, 48, 168, 12000000, True,
     "Mobiele noodstroom en koelwaterpompen",
     "kerncentrale-schelde-oost", "secret"),
    ("fb-olie-noodvoorraad", "olie", "alternative_supplier", "yes",
     "Wettelijke voorraadplicht van 90 dagen netto-import.",
     True, 0, 2160, None, True,
     "Aanspreken van de strategische olievoorraad",
     "strategische-olievoorraad", "confidential"),
    ("fb-tunnelnoodstroom", "wegennet", "alternative_supplier", "yes",
     "Tunnels moeten sluiten zonder veiligheidsinstallaties.",
     True, 2, 22, 5000000, True,
     "Noodstroom voor tunnelveiligheid en verkeerscentrales",
     "wegbeheer-rijkswegen", "internal"),
    ("fb-chemie-veilig-uit-bedrijf", "chemie", "analogue", "unknown",
     "Onderzocht wordt of gecontroleerd afschalen zonder procesautomatisering kan.",
     False, 0, 12, None, NULL,
     "Handmatig gecontroleerd afschalen van installaties bij uitval van procesautomatisering",
     "chemiepark-botlek-west", "confidential"),
]

EL_L, EL_R = "elektriciteit-landelijk", "elektriciteit-regionaal"
TEL = ["spraak-sms", "internettoegang"]

# Services (issue 20 part 4): suppliers that are not vital processes
# themselves, shared across sectors: (id, name, kind, provider, recovery_h,
# classification, description). In the cascade a service is a node without
# inputs of its own.
SERVICES = [
    ("svc-overheidscloud", "Nationaal Cloudplatform (fictief)", "cloud", "wolkenburg-cloud", 6,
     "confidential",
     "Gedeeld cloudplatform waarop basisregistraties, de berichtenbox, inlogmiddelen en de "
     "verwerking van banken draaien; na uitval zes uur herstel en controle"),
    ("svc-tijdsignaal", "Satelliet-tijdsignaal PNT (fictief)", "satellite", "tijdbaken-pnt", 2,
     "internal",
     "Tijd- en frequentiesignaal uit een satellietconstellatie, met eigen grondstations; "
     "synchroniseert mobiele netten, de hoogspanningsnetbeveiliging en tijdstempels van "
     "betalingen"),
    ("svc-dieselketen", "Noodstroomdiesel-raamcontract (fictief)", "fuel", None, 0, "internal",
     "Landelijk raamcontract voor het bijvullen van noodstroomaggregaten bij langdurige "
     "stroomuitval; de voorraden ter plaatse overbruggen dagen"),
]

# The demo's interdependency table (issue 16 part 4). ILLUSTRATIVE: the
# numbers are chosen for the demo, in the order of magnitude of a national
# economy of the Netherlands' size, and are not taken from any publication
# (no CBS table could be checked here); `illustrative` says so and `source`
# names what they rest on. Transactions X[i][j]: what sector i delivers to
# sector j, output x[i]: sector i's total output, both in billion euro; the
# IIM takes a*_ij = X_ij / x_i (docs/method.md).
IIM_SECTORS = ["Energie", "Water", "Industrie", "Transport en logistiek", "ICT en telecom",
               "Financiële dienstverlening", "Openbaar bestuur en veiligheid"]
IIM_TABLE = {
    "name": "Interdependentie van zeven sectoren (illustratief)",
    "source": "Illustratief, geen publicatie: getallen gekozen voor de demo, in de ordegrootte "
              "van een economie als de Nederlandse en naar de opzet van een input-outputtabel "
              "(leveringen tussen sectoren en totale productie), niet overgenomen uit een "
              "CBS-tabel. Vervang ze door een geaggregeerde input-outputtabel van het CBS om "
              "er conclusies aan te verbinden.",
    "year": 2024,
    "unit": "mld euro (illustratief)",
    "data": {
        "sectors": IIM_SECTORS,
        "io_table": {
            "transactions": [
                [6, 1, 15, 5, 2, 1, 3],
                [0.2, 0.5, 1, 0.1, 0.1, 0.05, 0.3],
                [4, 0.5, 60, 8, 3, 1, 10],
                [2, 0.2, 12, 20, 2, 1, 5],
                [1.5, 0.3, 6, 3, 15, 8, 9],
                [2, 0.3, 8, 4, 3, 25, 4],
                [0.5, 0.2, 2, 1, 0.5, 0.5, 10],
            ],
            "output": [60, 5, 250, 90, 80, 120, 150],
        },
    },
    "sector_map": {
        "nl-energie": "Energie", "nl-nucleair": "Energie",
        "nl-drinkwater": "Water", "nl-water": "Water",
        "nl-chemie": "Industrie",
        "nl-transport": "Transport en logistiek",
        "nl-ict-telecom": "ICT en telecom",
        "nl-financieel": "Financiële dienstverlening",
        "nl-digitale-overheid": "Openbaar bestuur en veiligheid",
        "nl-oov": "Openbaar bestuur en veiligheid", "nl-defensie": "Openbaar bestuur en veiligheid",
    },
}

# Dependencies on services: (id, process, services, buffer_h, description)
SERVICE_DEPENDENCIES = [
    ("dep-brp-cloud", "basisregistraties", ["svc-overheidscloud"], 8,
     "Registers en bevragingen draaien op het nationale cloudplatform"),
    ("dep-icon-cloud", "interconnectiviteit", ["svc-overheidscloud"], 4,
     "Koppelvlakken en berichtenuitwisseling op het cloudplatform"),
    ("dep-idauth-cloud", "identificatie-authenticatie", ["svc-overheidscloud"], 2,
     "Inlogvoorzieningen voor burgers en bedrijven op het cloudplatform"),
    ("dep-giraal-cloud", "giraal-betalingsverkeer", ["svc-overheidscloud"], 6,
     "Verwerking van betaalopdrachten van meerdere banken in het gedeelde cloudplatform"),
    ("dep-spraak-tijd", "spraak-sms", ["svc-tijdsignaal"], 12,
     "Frequentie- en tijdsynchronisatie van het mobiele netwerk; eigen oscillatoren overbruggen "
     "een halve dag"),
    ("dep-el-land-tijd", EL_L, ["svc-tijdsignaal"], 96,
     "Tijdsynchronisatie van netbeveiliging en fasormetingen; atoomklokken in de "
     "schakelstations overbruggen vier dagen"),
    ("dep-rtgs-tijd", "interbancair-betalingsverkeer", ["svc-tijdsignaal"], 6,
     "Tijdstempels van transacties (wettelijk vereist); zonder betrouwbare tijd stopt de "
     "afwikkeling"),
    ("dep-data-diesel", "internet-datadiensten", ["svc-dieselketen"], 240,
     "Bijvullen van dieseltanks van datacenters bij langdurige stroomuitval"),
    ("dep-dw-diesel", "drinkwater", ["svc-dieselketen"], 240,
     "Bijvullen van noodstroomaggregaten van pompstations"),
]

# Dependencies: (id, process, suppliers, buffer_h, fallback, description)
DEPENDENCIES = [
    ("dep-el-land-telecom", EL_L, TEL, 72, "fb-tso-satcom",
     "Besturing en storingscommunicatie: eigen telecomnet met 72 uur noodstroom, publieke netten als reserve"),
    ("dep-el-land-gas", EL_L, ["gas-landelijk"], 96, None,
     "Brandstof voor gascentrales; wind, kern en import dekken vier dagen de basislast"),
    ("dep-el-reg-transport", EL_R, [EL_L], 0, None,
     "Voeding vanuit het hoogspanningsnet; regionale netten kunnen geen eilandbedrijf voeren"),
    ("dep-el-reg-telecom", EL_R, TEL, 24, "fb-regionaal-veldploegen",
     "Storingsmeldingen en schakelen op afstand van middenspanningsstations"),
    ("dep-gas-land-el", "gas-landelijk", [EL_L], 12, None,
     "Compressor- en mengstations; druk in het net overbrugt 12 uur"),
    ("dep-gas-land-telecom", "gas-landelijk", TEL, 24, "fb-gas-handbediening",
     "Besturing van het transportnet op afstand"),
    ("dep-gas-reg-gas", "gas-regionaal", ["gas-landelijk"], 24, None,
     "Aanvoer uit het landelijk net; druk in het distributienet overbrugt een dag"),
    ("dep-gas-reg-el", "gas-regionaal", [EL_R], 72, None,
     "Odorisatie en drukregeling; de meeste stations werken zonder stroom"),
    ("dep-olie-el", "olie", [EL_R], 12, None,
     "Pompen van terminals, raffinaderijen en tankstations"),
    ("dep-olie-scheepvaart", "olie", ["scheepvaart"], 240, "fb-olie-noodvoorraad",
     "Aanvoer van ruwe olie en producten per tanker"),
    ("dep-olie-wegen", "olie", ["wegennet"], 168, None,
     "Distributie naar tankstations per tankwagen"),
    ("dep-data-el", "internet-datadiensten", [EL_R, EL_L], 48, "fb-dc-dieselbevoorrading",
     "Datacenters en knooppunten op noodstroom met 48 uur diesel"),
    ("dep-inet-el", "internettoegang", [EL_R, EL_L], 4, "fb-noodstroom-opstelpunten",
     "Opstelpunten en wijkcentrales op accu's (2-4 uur)"),
    ("dep-inet-data", "internettoegang", ["internet-datadiensten"], 48, None,
     "DNS, internetknooppunten en transit"),
    ("dep-inet-gnss", "internettoegang", ["gnss"], 72, None,
     "Tijdsynchronisatie van het mobiele netwerk; eigen klokken overbruggen drie dagen"),
    ("dep-spraak-el", "spraak-sms", [EL_R, EL_L], 4, "fb-mobiele-aggregaten-telecom",
     "Opstelpunten op accu's (4 uur), daarna aggregaten voor prioritaire masten"),
    ("dep-spraak-data", "spraak-sms", ["internet-datadiensten"], 48, None,
     "Kernnetwerk en signalering draaien in datacenters"),
    ("dep-spraak-gnss", "spraak-sms", ["gnss"], 72, None,
     "Tijdsynchronisatie van het mobiele netwerk"),
    ("dep-gnss-el", "gnss", [EL_R], 24, None,
     "Referentiestations en tijdservers op noodstroom"),
    ("dep-gnss-inet", "gnss", ["internettoegang"], 24, None,
     "Verspreiding van correctiesignalen via internet"),
    ("dep-dw-el", "drinkwater", [EL_R], 8, "fb-drinkwater-noodstroom",
     "Pompen; reinwaterkelders en watertorens overbruggen enkele uren"),
    ("dep-dw-telecom", "drinkwater", TEL, 12, "fb-drinkwater-handbediening",
     "Telemetrie en besturing op afstand"),
    ("dep-dw-chemie", "drinkwater", ["chemie"], 168, None,
     "Zuiveringschemicaliën (natronloog, ijzerchloride); voorraad voor een week"),
    ("dep-dw-wegen", "drinkwater", ["wegennet"], 72, None,
     "Aanvoer van chemicaliën en brandstof voor noodstroom"),
    ("dep-wk-el", "waterkeren", [EL_R], 24, "fb-gemalen-diesel",
     "Gemalen, sluizen en keringen; noodstroom voor een dag"),
    ("dep-wk-telecom", "waterkeren", TEL, 8, "fb-waterkeren-handbediening",
     "Besturing en bewaking op afstand"),
    ("dep-wk-olie", "waterkeren", ["olie"], 120, None,
     "Diesel voor gemalen en noodstroom"),
    ("dep-lucht-el", "luchtvaart", [EL_R, EL_L], 1, None,
     "Terminal, bagage en verlichting; noodstroom alleen voor verkeersleiding en baanverlichting"),
    ("dep-lucht-telecom", "luchtvaart", TEL, 2, None,
     "Incheck- en afhandelingssystemen, communicatie met maatschappijen"),
    ("dep-lucht-gnss", "luchtvaart", ["gnss"], 0, "fb-conventionele-navigatie",
     "Satellietnaderingen en tijdsynchronisatie"),
    ("dep-lucht-olie", "luchtvaart", ["olie"], 72, None,
     "Kerosine via pijpleiding; voorraad op de luchthaven voor drie dagen"),
    ("dep-scheep-el", "scheepvaart", [EL_R, EL_L], 4, None,
     "Terminals, sluizen, verkeersposten en walstroom"),
    ("dep-scheep-telecom", "scheepvaart", TEL, 2, "fb-haven-papieren-procedures",
     "Havencommunicatiesysteem en terminalsystemen"),
    ("dep-scheep-gnss", "scheepvaart", ["gnss"], 0, "fb-walradar",
     "Positiebepaling en AIS"),
    ("dep-spoor-el", "spoor", [EL_R, EL_L], 0, None,
     "Tractievoeding via onderstations"),
    ("dep-spoor-telecom", "spoor", TEL, 4, "fb-spoor-handseinen",
     "Verkeersleiding en reisinformatie; GSM-R-masten op accu's"),
    ("dep-weg-el", "wegennet", [EL_R], 2, "fb-tunnelnoodstroom",
     "Tunnels, verkeerslichten en matrixborden"),
    ("dep-weg-telecom", "wegennet", TEL, 6, None,
     "Verkeerscentrales, incidentmanagement en bergers"),
    ("dep-weg-olie", "wegennet", ["olie"], 48, None,
     "Brandstof voor voertuigen; voorraad in tanks en bij tankstations"),
    ("dep-chem-el", "chemie", [EL_L], 0, None,
     "Directe aansluiting op het hoogspanningsnet; bij uitval volgt een noodstop"),
    ("dep-chem-gas", "chemie", ["gas-landelijk"], 4, None,
     "Aardgas als grondstof en brandstof"),
    ("dep-chem-scheep", "chemie", ["scheepvaart"], 168, None,
     "Aanvoer van grondstoffen via de haven"),
    ("dep-nuc-net", "nucleair", [EL_L], 0, None,
     "Afzet naar en voeding uit het hoogspanningsnet; bij netverlies volgt een snelstop"),
    ("dep-nuc-diesel", "nucleair", ["olie"], 72, "fb-nucleair-mobiele-noodstroom",
     "Diesel voor noodstroom van koeling en beveiliging"),
    ("dep-nuc-telecom", "nucleair", TEL, 72, None,
     "Communicatie met toezichthouder en crisisorganisatie; satelliettelefoons als reserve"),
    ("dep-toon-el", "toonbankbetalingen", [EL_R, EL_L], 1, None,
     "Kassa's en betaalterminals in winkels"),
    ("dep-toon-telecom", "toonbankbetalingen", TEL, 0, "fb-contant-betalen",
     "Betaalterminals zijn online; mobiele terminals als reserve"),
    ("dep-toon-verwerking", "toonbankbetalingen", ["giraal-betalingsverkeer"], 1, "fb-offline-pin",
     "Autorisatie van pintransacties bij de verwerker"),
    ("dep-giraal-el", "giraal-betalingsverkeer", [EL_R, EL_L], 48, None,
     "Rekencentra van banken op noodstroom (48 uur)"),
    ("dep-giraal-data", "giraal-betalingsverkeer", ["internet-datadiensten"], 4,
     "fb-giraal-noodverwerking", "Verwerking in gedeelde datacenters en cloud"),
    ("dep-giraal-inet", "giraal-betalingsverkeer", ["internettoegang"], 24, None,
     "Klanten bereiken internetbankieren en online betalen via internettoegang"),
    ("dep-giraal-interbancair", "giraal-betalingsverkeer", ["interbancair-betalingsverkeer"], 12, None,
     "Afwikkeling tussen banken; een halve dag vertraging is acceptabel"),
    ("dep-rtgs-el", "interbancair-betalingsverkeer", [EL_R, EL_L], 72, None,
     "Rekencentra van de afwikkelbank met langdurige noodstroom"),
    ("dep-rtgs-data", "interbancair-betalingsverkeer", ["internet-datadiensten"], 4,
     "fb-rtgs-contingency", "Berichtennetwerk tussen banken"),
    ("dep-rtgs-spraak", "interbancair-betalingsverkeer", ["spraak-sms"], 24, None,
     "Telefonische noodprocedures met banken"),
    ("dep-eff-rtgs", "effectenverkeer", ["interbancair-betalingsverkeer"], 4, None,
     "Geldzijde van de effectenafwikkeling"),
    ("dep-eff-data", "effectenverkeer", ["internet-datadiensten"], 48, None,
     "Handelsplatform en afwikkeling in datacenters"),
    ("dep-eff-el", "effectenverkeer", [EL_R, EL_L], 24, None,
     "Handelsplatform en afwikkeling op noodstroom"),
    ("dep-112-spraak", "hulpdiensten-112-c2000", ["spraak-sms"], 0, "fb-noodsteunpunten",
     "Burgers bellen 112 via het vaste en mobiele net"),
    ("dep-112-el", "hulpdiensten-112-c2000", [EL_R], 8, "fb-c2000-aggregaten",
     "Meldkamers en C2000-masten op accu's"),
    ("dep-pol-c2000", "politie", ["hulpdiensten-112-c2000"], 1, None,
     "Meldingen en portofoonverkeer"),
    ("dep-pol-el", "politie", [EL_R], 24, None,
     "Bureaus en systemen op noodstroom"),
    ("dep-pol-brp", "politie", ["basisregistraties"], 48, None,
     "Bevragen van personen en organisaties"),
    ("dep-pol-olie", "politie", ["olie"], 72, "fb-noodbrandstof-politie",
     "Brandstof voor voertuigen"),
    ("dep-brp-el", "basisregistraties", [EL_R, EL_L], 48, None,
     "Rijksdatacenters op noodstroom"),
    ("dep-brp-data", "basisregistraties", ["internet-datadiensten"], 2, "fb-basisregistraties-kopie",
     "Hosting en koppelingen"),
    ("dep-ic-brp", "interconnectiviteit", ["basisregistraties"], 0, None,
     "Gegevens uit de basisregistraties"),
    ("dep-ic-inet", "interconnectiviteit", ["internettoegang"], 0, None,
     "Koppelingen met ketenpartners lopen deels over publieke netten"),
    ("dep-ic-el", "interconnectiviteit", [EL_R, EL_L], 48, None,
     "Knooppunten in rijksdatacenters op noodstroom"),
    ("dep-bericht-ic", "berichtenverkeer-burgers", ["interconnectiviteit"], 4, None,
     "Aanlevering van berichten door overheidsorganisaties"),
    ("dep-bericht-id", "berichtenverkeer-burgers", ["identificatie-authenticatie"], 0, None,
     "Burgers loggen in om berichten te lezen"),
    ("dep-bericht-inet", "berichtenverkeer-burgers", ["internettoegang"], 0, "fb-papieren-post",
     "Burgers en bedrijven bereiken de berichtenbox via internet"),
    ("dep-id-brp", "identificatie-authenticatie", ["basisregistraties"], 4, None,
     "Controle van identiteit tegen de basisregistratie"),
    ("dep-id-inet", "identificatie-authenticatie", ["internettoegang"], 0, None,
     "Inloggen verloopt via internet"),
    ("dep-id-sms", "identificatie-authenticatie", ["spraak-sms"], 2, "fb-authenticator-app",
     "SMS-codes als tweede factor"),
    ("dep-id-el", "identificatie-authenticatie", [EL_R, EL_L], 48, None,
     "Rekencentra op noodstroom"),
    ("dep-def-el", "defensie", [EL_R], 72, None,
     "Eigen aggregaten op kazernes en bases"),
    ("dep-def-olie", "defensie", ["olie"], 336, None,
     "Eigen brandstofvoorraden"),
    ("dep-def-telecom", "defensie", TEL, 0, "fb-defensie-eigen-netwerk",
     "Civiele telecom voor niet-operationele communicatie"),
    ("dep-def-gnss", "defensie", ["gnss"], 24, None,
     "Navigatie en tijd; militaire signalen en traagheidsnavigatie als reserve"),
    ("dep-def-transport", "defensie", ["spoor", "wegennet", "scheepvaart"], 72, None,
     "Verplaatsen van eenheden en materieel over spoor, weg of water"),
]

# --------------------------------------------------------------------------
# Criticality assessments: (process, date, assessor, (economic_damage EUR,
# real_income_drop %, casualties, people_affected), category, rationale). The
# cascade criterion is not estimated by hand: build() computes it on the demo
# graph the way `vitaal assess` does (cascade_count), and --check requires
# every category to follow from the estimates and that count, and every
# process's latest assessment to give the catalogue's category.

ASSESSMENTS = [
    (EL_L, "2015-04-01", "Herijking vitale infrastructuur (fictieve schattingen)",
     (60e9, 6.0, 2000, 8000000), "A",
     "Landelijke uitval raakt vrijwel alle andere vitale processen binnen uren."),
    (EL_L, "2024-03-12", "Analistenteam EZK (fictief)",
     (75e9, 7.5, 3000, 10000000), "A",
     "Schade en maatschappelijke ontwrichting ruim boven de drempels van categorie A."),
    ("gas-landelijk", "2015-04-01", "Herijking vitale infrastructuur (fictieve schattingen)",
     (55e9, 5.5, 1500, 4000000), "A", "Uitval in de winter treft verwarming en industrie."),
    ("gas-landelijk", "2024-05-21", "Analistenteam EZK (fictief)",
     (62e9, 5.8, 2500, 5000000), "A", "Bevestigd na de leveringscrisis van 2022."),
    ("olie", "2023-09-04", "Analistenteam EZK (fictief)",
     (32e9, 3.1, 600, 2500000), "A",
     "Categorie A op getroffenen: transport, hulpdiensten en noodstroom hangen aan brandstof."),
    ("drinkwater", "2015-04-01", "Herijking vitale infrastructuur (fictieve schattingen)",
     (10e9, 1.0, 12000, 5000000), "A", "Gezondheidsrisico's bij langdurige uitval."),
    ("drinkwater", "2023-06-15", "Analistenteam IenW (fictief)",
     (14e9, 1.3, 15000, 7000000), "A", "Slachtoffers en getroffenen boven de drempels van categorie A."),
    ("waterkeren", "2024-02-20", "Analistenteam IenW (fictief)",
     (120e9, 8.0, 20000, 3500000), "A", "Doorbraak van een primaire kering in dichtbevolkt gebied."),
    ("nucleair", "2023-10-10", "Analistenteam IenW (fictief)",
     (80e9, 2.5, 12000, 1500000), "A", "Vrijkomen van radioactief materiaal; evacuatie en langdurige besmetting."),
    (EL_R, "2022-10-03", "Analistenteam EZK (fictief)",
     (9e9, 0.9, 400, 900000), "B", "Regionale uitval; herstel binnen dagen."),
    ("gas-regionaal", "2021-06-14", "Analistenteam EZK (fictief)",
     (2e9, 0.3, 1200, 600000), "B", "Kou-slachtoffers bij uitval in de winter."),
    ("internet-datadiensten", "2021-10-11", "Analistenteam EZK (fictief)",
     (25e9, 2.0, 100, 800000), "B", "Economische schade boven de drempel van categorie B."),
    ("internettoegang", "2022-03-07", "Analistenteam EZK (fictief)",
     (18e9, 1.8, 150, 950000), "B",
     "Categorie B; de cascaderegel (nog te verifiëren) kan bij herijking tot categorie A leiden."),
    ("spraak-sms", "2022-03-07", "Analistenteam EZK (fictief)",
     (6e9, 0.6, 400, 700000), "B", "Bereikbaarheid van 112 weegt zwaar."),
    ("gnss", "2026-05-19", "Analistenteam IenW (fictief)",
     (7e9, 0.7, 50, 150000), "B", "Tijdsynchronisatie is een verborgen afhankelijkheid van telecom en betalingsverkeer."),
    ("luchtvaart", "2021-02-22", "Analistenteam IenW (fictief)",
     (12e9, 1.1, 50, 400000), "B", "Economische schade door stilstand van de nationale luchthaven."),
    ("scheepvaart", "2023-04-17", "Analistenteam IenW (fictief)",
     (20e9, 1.9, 20, 80000), "B", "Schade aan handel en industrie in het havengebied."),
    ("spoor", "2020-03-09", "Analistenteam IenW (fictief)",
     (6e9, 0.6, 100, 600000), "B", "Grote groepen gestrande reizigers."),
    ("wegennet", "2024-04-08", "Analistenteam IenW (fictief)",
     (8e9, 0.8, 300, 500000), "B", "Stilstand van goederenvervoer over de weg."),
    ("chemie", "2021-03-01", "Analistenteam IenW (fictief)",
     (15e9, 1.2, 2500, 300000), "B", "Slachtoffers bij een zwaar ongeval in een chemisch cluster."),
    ("toonbankbetalingen", "2022-11-07", "Analistenteam FIN (fictief)",
     (4e9, 0.4, 0, 900000), "B", "Maatschappelijke onrust als betalen aan de kassa onmogelijk is."),
    ("giraal-betalingsverkeer", "2022-11-07", "Analistenteam FIN (fictief)",
     (12e9, 1.0, 0, 900000), "B", "Salarissen en uitkeringen worden niet uitbetaald."),
    ("interbancair-betalingsverkeer", "2023-02-13", "Analistenteam FIN (fictief)",
     (30e9, 1.5, 0, 200000), "B", "Liquiditeitsproblemen bij banken en bedrijven."),
    ("effectenverkeer", "2019-05-06", "Analistenteam FIN (fictief)",
     (8e9, 0.3, 0, 50000), "B", "Vooral financiële schade."),
    ("hulpdiensten-112-c2000", "2024-01-29", "Analistenteam JenV (fictief)",
     (1e9, 0.05, 3000, 800000), "B", "Slachtoffers doordat hulp niet gealarmeerd kan worden."),
    ("politie", "2021-04-12", "Analistenteam JenV (fictief)",
     (2e9, 0.1, 1500, 700000), "B", "Aantasting van openbare orde en noodhulp."),
    ("basisregistraties", "2024-03-04", "Analistenteam BZK (fictief)",
     (5.5e9, 0.4, 0, 600000), "B", "Uitkeringen, toeslagen en vergunningen stokken."),
    ("interconnectiviteit", "2026-03-09", "Analistenteam BZK (fictief)",
     (3e9, 0.2, 0, 400000), "B", "Ketens tussen overheidsorganisaties vallen stil."),
    ("berichtenverkeer-burgers", "2023-06-05", "Analistenteam BZK (fictief)",
     (1e9, 0.1, 0, 300000), "B", "Burgers missen termijnen en informatie."),
    ("identificatie-authenticatie", "2025-03-03", "Analistenteam BZK (fictief)",
     (4e9, 0.3, 0, 950000), "B", "Burgers en bedrijven kunnen geen zaken met de overheid doen."),
    ("defensie", "2025-06-16", "Analistenteam DEF (fictief)",
     (6e9, 0.2, 2000, 500000), "B", "Inzet bij crises en ondersteuning van civiele autoriteiten valt weg."),
]

# A newer assessment written by `vitaal assess` (a new record; the older one
# stays as it was): (process, date, assessor, the assessment whose estimates
# it reused, the analyst's rationale, the engine's explanation as the engine
# wrote it). tests/integration/demo_test.sh checks the explanation against
# the engine's.
ENGINE_ASSESSMENTS = [
    ("internettoegang", "2026-10-05", "analist-ezk", "as-internettoegang-2022",
     "Herbeoordeeld met de sectorregel van de herijking: de uitval raakt alleen de digitale "
     "overheid buiten de eigen sector; blijft categorie B.",
     "Internettoegang en dataverkeer is category B (no estimate meets an A threshold): "
     "economic damage EUR 1.8e10 exceeds the B threshold 5.0e9; people affected 950000 "
     "exceeds the B threshold 100000; real income drop 1.8 percent exceeds the B threshold "
     "0.5. Its failure for 24 h takes down vital processes in 1 other sector (down at "
     "least 1 h within 168 h; cascade threshold A: at least 2; no B threshold). A "
     "threshold counts when the estimate is strictly greater than it; for cascade when it "
     "is at least equal to it. Not yet verified against a primary source: the A threshold "
     "of cascade; the B thresholds of casualties, economic damage, people affected and "
     "real income drop; with the cascade rule its settings too (what it counts, the "
     "outage, the horizon and the minimum hours down)."),
]

# --------------------------------------------------------------------------
# Events (shocks that call for quickscans)

EVENTS = [
    ("ev-2025-zeekabel", "Sabotage Noordzeekabels (fictief)", "2025-03-14",
     "Fictief scenario: twee internationale datakabels en een stroominterconnector in de "
     "Noordzee worden binnen een nacht beschadigd door een sleepanker; vermoeden van "
     "sabotage door een statelijke actor.",
     ["internettoegang", "internet-datadiensten", EL_L], "confidential"),
    ("ev-2026-overstroming", "Overstroming Rivierenland (fictief)", "2026-01-20",
     "Fictief scenario: extreme regenval en hoogwater leiden tot het overstromen van een "
     "regionale kering; verdeelstations, een drinkwaterlocatie en wegen lopen onder.",
     ["waterkeren", "drinkwater", EL_R, "wegennet"], "internal"),
    ("ev-2026-ransomware", "Ransomware bij betaalverwerker (fictief)", "2026-06-05",
     "Fictief scenario: ransomware bij Betaalverwerking Nederland (fictief) legt twee dagen "
     "de verwerking van pin- en girale transacties voor meerdere banken plat.",
     ["giraal-betalingsverkeer", "toonbankbetalingen"], "confidential"),
]

# --------------------------------------------------------------------------
# Analyses: (process, cycle_year, kind, event, status, started, finalised, classification)
# Reference date 2026-11-27: a final analysis older than 2022-11-27 is overdue;
# in a CER/NIS2 sector, so is one finalised before 2024-10-18 (settings
# cer_nis2_since, cer_nis2_deadline 2026-03-31). hulpdiensten-112-c2000 (OOV,
# outside both directives) is due within the year.

# Four eyes: a draft the ministry's second reader sent back, with the reason
# (the demo's analyses in review wait for approval).
REJECTIONS = {
    "an-gnss-2026": "Afgewezen bij de review: de scenario's gaan alleen over storing van "
                    "satellieten; verstoring (jamming en spoofing) rond havens en luchthavens "
                    "ontbreekt, en de bevindingen over bedrijfscontinuiteit zijn nog leeg.",
}

ANALYSES = [
    (EL_L, 2019, "regular", None, "final", "2019-02-01", "2019-11-15", "confidential"),
    (EL_L, 2023, "regular", None, "final", "2023-01-16", "2023-10-30", "confidential"),
    (EL_L, 2025, "quickscan", "ev-2025-zeekabel", "final", "2025-03-20", "2025-05-30", "secret"),
    (EL_R, 2022, "regular", None, "final", "2022-09-01", "2023-03-31", "confidential"),
    (EL_R, 2026, "quickscan", "ev-2026-overstroming", "review", "2026-01-26", None, "confidential"),
    ("gas-landelijk", 2020, "regular", None, "final", "2020-03-02", "2020-12-10", "confidential"),
    ("gas-landelijk", 2024, "regular", None, "final", "2024-02-05", "2024-11-29", "confidential"),
    ("gas-regionaal", 2021, "regular", None, "final", "2021-05-03", "2022-03-18", "confidential"),
    ("gas-regionaal", 2026, "regular", None, "draft", "2026-10-01", None, "confidential"),
    ("olie", 2019, "regular", None, "final", "2019-05-06", "2020-01-20", "confidential"),
    ("olie", 2023, "regular", None, "final", "2023-04-03", "2024-01-15", "confidential"),
    ("internet-datadiensten", 2021, "regular", None, "final", "2021-09-06", "2022-06-30", "confidential"),
    ("internet-datadiensten", 2025, "quickscan", "ev-2025-zeekabel", "final", "2025-03-18", "2025-06-12",
     "confidential"),
    ("internet-datadiensten", 2025, "regular", None, "review", "2025-09-01", None, "confidential"),
    ("internettoegang", 2022, "regular", None, "final", "2022-02-07", "2022-12-15", "confidential"),
    ("internettoegang", 2025, "quickscan", "ev-2025-zeekabel", "final", "2025-03-18", "2025-05-23",
     "confidential"),
    ("spraak-sms", 2022, "regular", None, "final", "2022-02-07", "2022-12-15", "confidential"),
    ("gnss", 2026, "regular", None, "draft", "2026-09-14", None, "confidential"),
    ("drinkwater", 2019, "regular", None, "final", "2019-03-04", "2019-12-12", "confidential"),
    ("drinkwater", 2023, "regular", None, "final", "2023-02-06", "2023-12-01", "confidential"),
    ("drinkwater", 2026, "quickscan", "ev-2026-overstroming", "final", "2026-01-23", "2026-03-20",
     "confidential"),
    ("waterkeren", 2020, "regular", None, "final", "2020-01-13", "2020-10-30", "confidential"),
    ("waterkeren", 2024, "regular", None, "final", "2024-01-15", "2024-10-15", "confidential"),
    ("waterkeren", 2026, "quickscan", "ev-2026-overstroming", "final", "2026-01-22", "2026-02-27",
     "confidential"),
    ("luchtvaart", 2021, "regular", None, "final", "2021-01-11", "2021-11-30", "confidential"),
    ("luchtvaart", 2025, "regular", None, "review", "2025-10-01", None, "confidential"),
    ("scheepvaart", 2023, "regular", None, "final", "2023-03-06", "2023-12-20", "confidential"),
    ("spoor", 2020, "regular", None, "final", "2020-02-03", "2020-11-27", "confidential"),
    ("wegennet", 2024, "regular", None, "final", "2024-03-04", "2024-12-13", "internal"),
    ("chemie", 2021, "regular", None, "final", "2021-02-01", "2021-06-30", "confidential"),
    ("chemie", 2026, "regular", None, "draft", "2026-11-02", None, "confidential"),
    ("nucleair", 2019, "regular", None, "final", "2019-06-03", "2020-02-28", "secret"),
    ("nucleair", 2023, "regular", None, "final", "2023-06-05", "2024-03-29", "secret"),
    ("toonbankbetalingen", 2022, "regular", None, "final", "2022-10-03", "2023-06-30", "confidential"),
    ("toonbankbetalingen", 2026, "quickscan", "ev-2026-ransomware", "review", "2026-06-10", None,
     "confidential"),
    ("giraal-betalingsverkeer", 2022, "regular", None, "final", "2022-10-03", "2023-06-30", "confidential"),
    ("giraal-betalingsverkeer", 2026, "quickscan", "ev-2026-ransomware", "final", "2026-06-09",
     "2026-08-28", "confidential"),
    ("interbancair-betalingsverkeer", 2023, "regular", None, "final", "2023-01-09", "2023-09-29",
     "confidential"),
    ("effectenverkeer", 2019, "regular", None, "final", "2019-04-01", "2019-12-20", "confidential"),
    ("hulpdiensten-112-c2000", 2022, "regular", None, "final", "2022-05-09", "2023-01-27", "confidential"),
    ("politie", 2021, "regular", None, "final", "2021-03-01", "2021-12-17", "secret"),
    ("politie", 2025, "regular", None, "draft", "2025-11-03", None, "secret"),
    ("basisregistraties", 2020, "regular", None, "final", "2020-02-17", "2020-12-18", "confidential"),
    ("basisregistraties", 2024, "regular", None, "final", "2024-02-12", "2024-12-06", "confidential"),
    ("interconnectiviteit", 2026, "regular", None, "review", "2026-03-02", None, "confidential"),
    ("berichtenverkeer-burgers", 2023, "regular", None, "final", "2023-05-01", "2024-02-16", "internal"),
    ("identificatie-authenticatie", 2021, "regular", None, "final", "2021-04-06", "2022-01-28",
     "confidential"),
    ("identificatie-authenticatie", 2025, "regular", None, "final", "2025-02-03", "2025-11-14",
     "confidential"),
    ("defensie", 2025, "regular", None, "draft", "2025-06-02", None, "secret"),
]

EVENT_SHORT = {"ev-2025-zeekabel": "zeekabel", "ev-2026-overstroming": "overstroming",
               "ev-2026-ransomware": "ransomware"}


def analysis_id(process, year, kind, event):
    if kind == "quickscan":
        return "an-qs-%s-%s" % (EVENT_SHORT[event], process)
    return "an-%s-%d" % (process, year)


LAWS = {
    "nl-energie": "de Energiewet, de Cyberbeveiligingswet en de Wet weerbaarheid kritieke entiteiten",
    "nl-ict-telecom": "de Telecommunicatiewet en de Cyberbeveiligingswet",
    "nl-drinkwater": "de Drinkwaterwet en de Cyberbeveiligingswet",
    "nl-water": "de Waterwet en de Omgevingswet",
    "nl-transport": "de sectorale vervoerswetgeving en de Cyberbeveiligingswet",
    "nl-chemie": "het Besluit risico's zware ongevallen en de Omgevingswet",
    "nl-nucleair": "de Kernenergiewet en de Euratom-regelgeving",
    "nl-financieel": "de Wet op het financieel toezicht en DORA",
    "nl-oov": "de Wet veiligheidsregio's en de Politiewet",
    "nl-digitale-overheid": "de Wet digitale overheid en de BIO",
    "nl-defensie": "de Grondwet (art. 97) en het defensiebeleid",
}

FINDINGS = {
    "policy_law": [
        "De zorgplicht is belegd via {law}; het toezicht is ingericht, maar de capaciteit van de toezichthouder is beperkt.",
        "{Law} dekt de digitale weerbaarheid; fysieke beveiliging van kleinere locaties is niet geregeld.",
        "De implementatie van NIS2 en CER via {law} loopt; de registratie van entiteiten is nog niet compleet.",
        "Wet- en regelgeving ({law}) is toereikend; handhaving bij ketenpartners blijft achter.",
    ],
    "risk_management": [
        "Risicoanalyses bij aanbieders zijn actueel, maar afhankelijkheden van andere vitale processen zijn beperkt in beeld.",
        "Ketenrisico's bij leveranciers van procesautomatisering worden niet structureel beoordeeld.",
        "Scenario's met langdurige (meer dan 24 uur) uitval van stroom en telecom ontbreken in de risicoanalyses.",
        "Het risicobeeld is gedeeld met het ministerie; de kans op statelijke sabotage is opgehoogd.",
    ],
    "business_continuity": [
        "Continuïteitsplannen gaan uit van hooguit {buf} uur noodstroom; langere uitval is niet uitgewerkt.",
        "Uitwijklocaties zijn aanwezig; de hersteltijd (RTO) wordt in oefeningen niet gehaald.",
        "Fallback-opties zijn beschreven maar nog niet beproefd.",
        "Herstelplannen zijn geoefend; de maximale aanvaardbare uitvalduur (MTPD) is per dienst vastgesteld.",
    ],
    "sector_cooperation": [
        "Sectoraal overleg en informatiedeling via het ISAC functioneren goed.",
        "Afstemming met de veiligheidsregio's over prioritering bij stroomuitval ontbreekt.",
        "Gezamenlijke oefeningen met andere vitale sectoren vinden minder dan eens per twee jaar plaats.",
        "Aanbieders delen dreigingsinformatie, maar niet over incidenten bij gezamenlijke leveranciers.",
    ],
    "incidents": [
        "In de periode zijn {n} incidenten gemeld, geen met landelijke impact.",
        "Incidentmeldingen komen vaak laat binnen; de termijn voor de vroegtijdige waarschuwing (24 uur) wordt niet altijd gehaald.",
        "Een grote storing liet zien dat herstelprocedures werken, maar de communicatie naar burgers traag was.",
        "Er waren {n} meldingen; twee daarvan betroffen een leverancier van meerdere aanbieders.",
    ],
}

SUMMARIES = {
    "final": "Weerbaarheidsanalyse {year} van '{name}': {nr} risico's beoordeeld; {adj}.",
    "review": "Concept-weerbaarheidsanalyse {year} van '{name}' ligt ter review bij het ministerie.",
    "draft": "Weerbaarheidsanalyse {year} van '{name}' is in voorbereiding.",
}
ADJ = ["weerbaarheid voldoende, aandacht voor ketenafhankelijkheden",
       "weerbaarheid matig bij langdurige uitval van stroom en telecom",
       "digitale weerbaarheid verbeterd, fysieke beveiliging blijft achter",
       "fallback-opties nodig voor uitval langer dan 24 uur"]

QUICKSCAN_SUMMARY = "Quickscan na '{event}' voor '{name}': {nr} aanvullende risico's; {adj}."

# --------------------------------------------------------------------------
# Threats: more specific threats under the RbRa 2022 themes of the catalogue.

SUBTHREATS = [
    ("cybersabotage", "Cybersabotage", "cyberdreigingen"),
    ("cyberspionage", "Cyberspionage", "cyberdreigingen"),
    ("ransomware", "Ransomware en cybercriminaliteit", "cyberdreigingen"),
    ("fysieke-sabotage", "Fysieke sabotage", "bedreiging-vitale-infrastructuur"),
    ("uitval-vitale-processen", "Uitval van andere vitale processen", "bedreiging-vitale-infrastructuur"),
    ("strategische-afhankelijkheden", "Ongewenste strategische afhankelijkheden", "economische-dreigingen"),
    ("overstroming", "Overstroming", "klimaat-natuurrampen"),
    ("extreem-weer", "Extreem weer (hitte, droogte, storm, sneeuw)", "klimaat-natuurrampen"),
    ("ruimteweer", "Ruimteweer (zonnestorm)", "klimaat-natuurrampen"),
    ("pandemie", "Pandemie en uitval van personeel", "infectieziekten"),
    ("industrieel-ongeval", "Industrieel ongeval met gevaarlijke stoffen", "zware-ongevallen"),
    ("gnss-verstoring", "Stoorzenders en spoofing van GNSS", "internationale-militaire-dreigingen"),
]

# Risk scenarios per process: (threat, scenario, likelihood). Their ids are
# r-<process>-<n>; they belong to the process's latest regular analysis.
SCENARIOS = {
    EL_L: [
        ("cybersabotage", "Statelijke actor saboteert via een leverancier de besturing van het hoogspanningsnet; landelijke stroomuitval van 24 tot 72 uur", "C"),
        ("fysieke-sabotage", "Gelijktijdige sabotage van meerdere 380 kV-stations; regionale uitval en weken beperkte transportcapaciteit", "B"),
        ("ruimteweer", "Zware geomagnetische storm beschadigt grote transformatoren; vervanging duurt maanden", "B"),
        ("strategische-afhankelijkheden", "Leveringstekort aan transformatoren en omvormers van buiten Europa vertraagt herstel en uitbreiding", "D"),
    ],
    EL_R: [
        ("extreem-weer", "Storm en hittegolf veroorzaken gelijktijdig storingen in middenspanningsruimtes in meerdere provincies", "D"),
        ("overstroming", "Overstroming van laaggelegen verdeelstations in het rivierengebied", "C"),
        ("ransomware", "Ransomware legt de bedrijfsvoering en storingsafhandeling van een regionale netbeheerder twee weken plat", "D"),
        ("strategische-afhankelijkheden", "Tekort aan technici en materiaal vertraagt storingsherstel bij grootschalige uitval", "D"),
    ],
    "gas-landelijk": [
        ("internationale-militaire-dreigingen", "Sabotage van een importpijpleiding of LNG-terminal tijdens internationale spanningen; tekort in de winter", "C"),
        ("cybersabotage", "Aanval op de procesautomatisering van compressorstations", "B"),
        ("economische-dreigingen", "Prijsschok en leveringsonderbreking door geopolitieke sancties", "D"),
    ],
    "gas-regionaal": [
        ("zware-ongevallen", "Graafschade en explosie in een woonwijk; duizenden aansluitingen dagen afgesloten", "D"),
        ("ransomware", "Ransomware bij een netbeheerder treft storingsdienst en klantcontact", "C"),
        ("uitval-vitale-processen", "Langdurige stroomuitval legt drukregel- en odorisatiestations met elektrische sturing stil", "C"),
    ],
    "olie": [
        ("strategische-afhankelijkheden", "Aanvoer van ruwe olie valt weg door blokkade van een zeestraat", "C"),
        ("industrieel-ongeval", "Brand in een tankterminal in het havengebied beperkt de doorvoer weken", "C"),
        ("uitval-vitale-processen", "Stroomuitval stopt pompen en laadinstallaties; tankstations kunnen niet leveren", "D"),
        ("cybersabotage", "Aanval op terminalbeheersystemen legt uitlevering aan wegtransport stil", "C"),
    ],
    "internet-datadiensten": [
        ("ransomware", "Ransomware bij een grote clouddienstverlener raakt honderden afnemers tegelijk", "D"),
        ("fysieke-sabotage", "Sabotage van zeekabels naar het VK en Scandinavië", "C"),
        ("strategische-afhankelijkheden", "Afhankelijkheid van enkele niet-Europese hyperscalers; afsluiting door buitenlandse wetgeving", "C"),
        ("extreem-weer", "Hittegolf overbelast de koeling van datacenters", "D"),
    ],
    "internettoegang": [
        ("uitval-vitale-processen", "Landelijke stroomuitval: mobiele opstelpunten vallen na 2 tot 4 uur uit", "C"),
        ("cybersabotage", "Aanval op het kernnetwerk van een aanbieder; landelijke uitval van vast en mobiel internet", "C"),
        ("fysieke-sabotage", "Brandstichting in zendmasten en glasvezelverdeelpunten", "D"),
    ],
    "spraak-sms": [
        ("uitval-vitale-processen", "Stroomuitval: spraak en SMS vallen weg, 112 is mobiel onbereikbaar", "C"),
        ("cyberspionage", "Statelijke actor dringt binnen in signaleringsnetwerken en onderschept verkeer", "D"),
        ("bedreiging-vitale-infrastructuur", "Foute software-update legt het mobiele netwerk van een aanbieder 12 uur plat", "D"),
    ],
    "gnss": [
        ("gnss-verstoring", "Grootschalige GNSS-jamming en -spoofing vanuit het Oostzeegebied raakt luchtvaart en scheepvaart", "E"),
        ("ruimteweer", "Zonnestorm verstoort satellietsignalen en tijdsynchronisatie 48 uur", "B"),
        ("strategische-afhankelijkheden", "Telecom, energie en betalingsverkeer gebruiken GNSS-tijd zonder eigen tijdreferentie", "D"),
    ],
    "drinkwater": [
        ("uitval-vitale-processen", "Stroomuitval langer dan 12 uur: drukverlies in hooggelegen gebieden en hoogbouw", "C"),
        ("cybersabotage", "Manipulatie van doseerinstallaties via de procesautomatisering", "B"),
        ("extreem-weer", "Langdurige droogte en verzilting bedreigen innamepunten", "D"),
        ("strategische-afhankelijkheden", "Tekort aan zuiveringschemicaliën door afhankelijkheid van een producent", "C"),
        ("polarisatie-extremisme-terrorisme", "Opzettelijke verontreiniging van een reinwaterkelder", "A"),
    ],
    "waterkeren": [
        ("overstroming", "Extreem hoogwater op de grote rivieren met dijkinstabiliteit", "B"),
        ("overstroming", "Zware storm met springtij; stormvloedkering moet sluiten en faalt deels", "B"),
        ("cybersabotage", "Aanval op de besturing van gemalen en stormvloedkeringen", "B"),
        ("uitval-vitale-processen", "Stroomuitval tijdens hoogwater: gemalen draaien op noodstroom", "C"),
    ],
    "luchtvaart": [
        ("gnss-verstoring", "GNSS-spoofing tijdens naderingen", "D"),
        ("uitval-vitale-processen", "Stroom- en telecomuitval legt afhandeling en bagagesystemen stil", "C"),
        ("polarisatie-extremisme-terrorisme", "Drones boven de luchthaven; vliegverkeer uren stilgelegd", "D"),
        ("ransomware", "Ransomware bij een afhandelaar of leverancier van inchecksystemen", "D"),
    ],
    "scheepvaart": [
        ("cybersabotage", "Aanval op het havencommunicatiesysteem en de terminalsystemen", "C"),
        ("industrieel-ongeval", "Aanvaring met gevaarlijke stoffen in de vaargeul; haven dagen gesloten", "C"),
        ("gnss-verstoring", "Verstoring van GNSS en AIS in de aanloopgebieden", "D"),
    ],
    "spoor": [
        ("uitval-vitale-processen", "Uitval van tractievoeding door een regionale stroomstoring", "D"),
        ("fysieke-sabotage", "Sabotage van seinkabels op meerdere knooppunten", "D"),
        ("cybersabotage", "Aanval op het verkeersleidingssysteem", "C"),
        ("extreem-weer", "Hitte en storm: spoorspattingen en bovenleidingschade", "D"),
    ],
    "wegennet": [
        ("extreem-weer", "Sneeuw en ijzel leggen hoofdwegennet en vrachtvervoer stil", "D"),
        ("uitval-vitale-processen", "Stroomuitval sluit tunnels en verkeerscentrales", "C"),
        ("zware-ongevallen", "Brand in een autotunnel met een vrachtwagen met gevaarlijke stoffen", "C"),
    ],
    "chemie": [
        ("industrieel-ongeval", "Explosie en brand in een chemisch complex; toxische wolk boven woonwijken", "C"),
        ("uitval-vitale-processen", "Plotselinge stroomuitval veroorzaakt noodstops en fakkelen; herstart duurt dagen", "D"),
        ("cybersabotage", "Aanval op de veiligheidsinstrumentatie van een installatie", "B"),
        ("strategische-afhankelijkheden", "Afhankelijkheid van grondstoffen uit een land buiten de EU", "D"),
    ],
    "nucleair": [
        ("polarisatie-extremisme-terrorisme", "Aanslag op of diefstal van nucleair materiaal tijdens transport", "A"),
        ("cybersabotage", "Aanval op de beveiligingssystemen van de kerncentrale", "B"),
        ("uitval-vitale-processen", "Langdurige stroom- en brandstofuitval; koeling langer dan 72 uur op noodstroom", "A"),
    ],
    "toonbankbetalingen": [
        ("uitval-vitale-processen", "Stroom- en telecomuitval: pinnen onmogelijk, weinig contant geld in omloop", "C"),
        ("ransomware", "Ransomware bij een betaalverwerker legt betaalterminals landelijk plat", "D"),
        ("strategische-afhankelijkheden", "Afhankelijkheid van internationale kaartschema's met verwerking buiten Europa", "C"),
    ],
    "giraal-betalingsverkeer": [
        ("ransomware", "Ransomware bij een betaalverwerker van meerdere banken", "D"),
        ("cybersabotage", "DDoS-campagne op internetbankieren en online betalen", "E"),
        ("uitval-vitale-processen", "Uitval van een gedeeld rekencentrum van meerdere banken", "C"),
    ],
    "interbancair-betalingsverkeer": [
        ("cybersabotage", "Aanval op de koppeling met het Europese afwikkelsysteem", "B"),
        ("uitval-vitale-processen", "Uitval van het berichtennetwerk tussen banken", "C"),
        ("economische-dreigingen", "Liquiditeitsschok door het onverwacht wegvallen van een grote bank", "B"),
    ],
    "effectenverkeer": [
        ("cybersabotage", "Manipulatie van orders via een gecompromitteerde leverancier", "B"),
        ("uitval-vitale-processen", "Uitval van de centrale tegenpartij", "B"),
        ("economische-dreigingen", "Ongewenste buitenlandse overname van een marktinfrastructuur", "C"),
    ],
    "hulpdiensten-112-c2000": [
        ("uitval-vitale-processen", "Landelijke stroomuitval: 112 onbereikbaar en C2000-masten op noodstroom", "C"),
        ("cybersabotage", "Aanval op het meldkamersysteem", "C"),
        ("strategische-afhankelijkheden", "Verouderd C2000-netwerk en afhankelijkheid van een leverancier", "D"),
    ],
    "politie": [
        ("polarisatie-extremisme-terrorisme", "Langdurige grootschalige ordeverstoringen in meerdere steden", "D"),
        ("pandemie", "Hoog ziekteverzuim tijdens een pandemie", "C"),
        ("cyberspionage", "Inbraak in politiesystemen door een statelijke actor", "C"),
    ],
    "basisregistraties": [
        ("cyberspionage", "Statelijke actor exfiltreert gegevens uit de basisregistratie personen", "C"),
        ("ransomware", "Ransomware bij een gemeentelijke leverancier raakt de bijhouding van registraties", "D"),
        ("ongewenste-inmenging", "Manipulatie van registraties om verkiezingen te beïnvloeden", "B"),
    ],
    "interconnectiviteit": [
        ("uitval-vitale-processen", "Uitval van het gegevensknooppunt blokkeert uitwisseling met ketenpartners", "C"),
        ("cybersabotage", "DDoS op de berichtenknooppunten", "D"),
    ],
    "berichtenverkeer-burgers": [
        ("cybersabotage", "DDoS-campagne op de berichtenbox en overheidswebsites tijdens verkiezingen", "D"),
        ("ongewenste-inmenging", "Desinformatiecampagne met nagemaakte overheidsberichten", "D"),
    ],
    "identificatie-authenticatie": [
        ("cybersabotage", "DDoS op de inlogdienst; burgers kunnen geen overheidszaken afhandelen", "D"),
        ("uitval-vitale-processen", "SMS-verificatie valt weg bij een telecomstoring", "C"),
        ("cyberspionage", "Misbruik van gestolen inloggegevens op grote schaal", "D"),
    ],
    "defensie": [
        ("internationale-militaire-dreigingen", "Hybride aanval op havens en kabels tijdens doorvoer van bondgenootschappelijke troepen", "C"),
        ("strategische-afhankelijkheden", "Afhankelijkheid van civiele energie, telecom en transport bij mobilisatie", "D"),
        ("cyberspionage", "Spionage op materieelprojecten via toeleveranciers", "D"),
    ],
}

# Extra risks of the quickscans: analysis id -> [(threat, scenario, likelihood)]
QUICKSCAN_RISKS = {
    "an-qs-zeekabel-" + EL_L: [
        ("fysieke-sabotage", "Beschadiging van de stroominterconnector naar het VK beperkt de importcapaciteit maandenlang", "D"),
        ("internationale-militaire-dreigingen", "Gecoördineerde sabotage van interconnectoren en aansluitingen van windparken op zee", "C"),
    ],
    "an-qs-zeekabel-internettoegang": [
        ("fysieke-sabotage", "Herhaalde sabotage van meerdere zeekabels tegelijk halveert de internationale capaciteit", "D"),
        ("strategische-afhankelijkheden", "Herstel duurt weken door een tekort aan kabelschepen", "D"),
    ],
    "an-qs-zeekabel-internet-datadiensten": [
        ("uitval-vitale-processen", "Verkeer wordt omgeleid via overbelaste routes; storingen bij clouddiensten", "D"),
    ],
    "an-qs-overstroming-waterkeren": [
        ("overstroming", "Herhaling met hogere rivierafvoer; falen van een tweede regionale kering", "C"),
    ],
    "an-qs-overstroming-drinkwater": [
        ("overstroming", "Overstroming van een productielocatie en innamestop door verontreiniging", "C"),
        ("uitval-vitale-processen", "Drukverlies door uitval van boosterstations in het overstroomde gebied", "D"),
    ],
    "an-qs-overstroming-" + EL_R: [
        ("overstroming", "Uitval van meerdere verdeelstations tegelijk", "D"),
        ("overstroming", "Herstel vertraagd doordat stations dagen onbereikbaar zijn", "C"),
    ],
    "an-qs-ransomware-giraal-betalingsverkeer": [
        ("ransomware", "Nieuwe aanval via een gedeelde leverancier treft ook de uitwijkverwerker", "C"),
        ("ransomware", "Diefstal van transactiegegevens en afpersing van klanten", "D"),
    ],
    "an-qs-ransomware-toonbankbetalingen": [
        ("ransomware", "Landelijke uitval van pinbetalingen gedurende twee dagen", "C"),
    ],
}

THREAT_IMPACTS = {
    "cybersabotage": ["1.3", "3.1", "3.2", "5.1", "2.3", "5.3"],
    "cyberspionage": ["1.3", "1.2", "5.2", "3.2"],
    "ransomware": ["1.3", "3.1", "5.1", "3.2", "5.3"],
    "fysieke-sabotage": ["3.1", "5.1", "2.3", "5.3", "1.1"],
    "overstroming": ["2.1", "2.2", "2.3", "3.1", "4.1", "5.1"],
    "extreem-weer": ["2.2", "3.1", "5.1", "2.3", "4.1"],
    "ruimteweer": ["3.1", "3.2", "5.1", "2.3"],
    "uitval-vitale-processen": ["2.3", "5.1", "3.1", "3.2", "2.1", "5.3"],
    "strategische-afhankelijkheden": ["3.2", "3.1", "1.2", "6.1", "5.1"],
    "economische-dreigingen": ["3.2", "3.1", "1.2", "5.3"],
    "industrieel-ongeval": ["2.1", "2.2", "4.1", "3.1", "5.3"],
    "zware-ongevallen": ["2.1", "2.2", "3.1", "5.1", "4.1"],
    "polarisatie-extremisme-terrorisme": ["2.1", "2.2", "5.3", "5.2", "5.1"],
    "ongewenste-inmenging": ["5.2", "5.3", "1.2"],
    "internationale-militaire-dreigingen": ["1.1", "1.2", "6.1", "3.2", "5.3"],
    "pandemie": ["2.1", "2.2", "5.1", "3.2"],
    "gnss-verstoring": ["5.1", "3.1", "2.2", "1.2"],
    "bedreiging-vitale-infrastructuur": ["5.1", "3.1", "2.3", "3.2"],
}

# Typical resilience (1 weak .. 5 strong) per process: physical, digital,
# economic, chain, crisis_management. Individual risks vary around it.
RESILIENCE_BASE = {
    EL_L: (3, 3, 4, 2, 4), EL_R: (3, 2, 3, 2, 3), "gas-landelijk": (3, 3, 3, 2, 4),
    "gas-regionaal": (3, 2, 3, 3, 3), "olie": (3, 3, 4, 2, 3), "internet-datadiensten": (3, 3, 4, 2, 3),
    "internettoegang": (2, 3, 4, 2, 3), "spraak-sms": (2, 3, 4, 2, 3), "gnss": (2, 2, 3, 1, 2),
    "drinkwater": (3, 3, 3, 2, 4), "waterkeren": (4, 3, 4, 3, 4), "luchtvaart": (3, 3, 3, 2, 4),
    "scheepvaart": (3, 2, 4, 2, 3), "spoor": (2, 3, 3, 2, 3), "wegennet": (3, 3, 3, 3, 3),
    "chemie": (3, 2, 3, 2, 4), "nucleair": (5, 4, 4, 3, 5), "toonbankbetalingen": (3, 4, 4, 2, 3),
    "giraal-betalingsverkeer": (4, 4, 4, 2, 4), "interbancair-betalingsverkeer": (4, 4, 4, 3, 4),
    "effectenverkeer": (4, 4, 4, 3, 4), "hulpdiensten-112-c2000": (3, 3, 3, 2, 4),
    "politie": (3, 3, 3, 3, 4), "basisregistraties": (4, 3, 3, 3, 3), "interconnectiviteit": (4, 3, 3, 2, 3),
    "berichtenverkeer-burgers": (4, 3, 3, 3, 3), "identificatie-authenticatie": (4, 3, 3, 2, 3),
    "defensie": (4, 4, 3, 2, 5),
}


def R(process, n):
    return "r-%s-%d" % (process, n)

# --------------------------------------------------------------------------
# Measures (action programme): (id, name, kind, scope, processes, risks, due,
# status, expected_effect, cost_eur, owner, classification)

GIR, TOON, RTGS = "giraal-betalingsverkeer", "toonbankbetalingen", "interbancair-betalingsverkeer"
C112, BRP, IDA = "hulpdiensten-112-c2000", "basisregistraties", "identificatie-authenticatie"
QS = "r-qs-"

MEASURES = [
    ("ms-black-start", "Uitbreiding black-start-vermogen en eilandbedrijf", "redundancy", "sectoral",
     [EL_L], [R(EL_L, 1)], "2027-12-31", "in_progress",
     "Landelijk herstel na een black-out binnen 24 in plaats van 48 uur", 85000000,
     "hoogspanningsnet-nl", "confidential"),
    ("ms-tso-satcom", "Satellietcommunicatie voor netbesturing", "redundancy", "sectoral",
     [EL_L], [R(EL_L, 1)], "2024-06-30", "done",
     "Netbesturing blijft mogelijk bij uitval van publieke telecom", 4500000,
     "hoogspanningsnet-nl", "confidential"),
    ("ms-transformator-reserve", "Strategische reserve van hoogspanningstransformatoren", "stockpile",
     "sectoral", [EL_L], [R(EL_L, 3), R(EL_L, 4)], "2026-06-30", "in_progress",
     "Vervanging van een beschadigde transformator binnen weken in plaats van maanden", 40000000,
     "hoogspanningsnet-nl", "confidential"),
    ("ms-stations-beveiliging", "Fysieke beveiliging van 380 kV-stations", "other", "sectoral",
     [EL_L], [R(EL_L, 2), QS + "zeekabel-" + EL_L + "-1"], "2025-12-31", "done",
     "Detectie van indringers binnen vijf minuten en vertraging tot aankomst van beveiliging",
     22000000, "hoogspanningsnet-nl", "secret"),
    ("ms-netbeheer-backups", "Gescheiden back-ups en herstelplan voor de bedrijfsvoering van netbeheerders",
     "redundancy", "sectoral", [EL_R, "gas-regionaal"], [R(EL_R, 3), R("gas-regionaal", 2)],
     "2025-09-30", "done", "Storingsafhandeling binnen 48 uur hersteld na ransomware", 6000000,
     "netbeheer-rivierenland", "internal"),
    ("ms-stations-verhogen", "Verhogen van verdeelstations in overstromingsgebied", "redundancy",
     "sectoral", [EL_R], [R(EL_R, 2), QS + "overstroming-" + EL_R + "-1"], "2028-12-31", "planned",
     "Verdeelstations blijven droog bij een overstroming van 1/1000 per jaar", 30000000,
     "netbeheer-rivierenland", "internal"),
    ("ms-technici-pool", "Gezamenlijke pool van storingstechnici", "other", "sectoral",
     [EL_R], [R(EL_R, 4), QS + "overstroming-" + EL_R + "-2"], "2026-03-31", "in_progress",
     "Dubbele herstelcapaciteit bij grootschalige storingen", 2000000,
     "zuidrand-netwerken", "internal"),
    ("ms-tweede-lng", "Tweede LNG-importcapaciteit", "redundancy", "sectoral",
     ["gas-landelijk"], [R("gas-landelijk", 1), R("gas-landelijk", 3)], "2026-12-31", "in_progress",
     "Import kan het wegvallen van een pijpleiding opvangen", 120000000,
     "lng-terminal-eemshoek", "confidential"),
    ("ms-vulgraad-gasopslag", "Verplichte vulgraad van gasopslagen op 1 november", "regulation",
     "sectoral", ["gas-landelijk", "gas-regionaal"], [R("gas-landelijk", 3)], "2024-11-01", "done",
     "Voorraad voor een strenge winter zonder import uit een risicoland", None, "ezk", "internal"),
    ("ms-compressor-ot", "Segmentatie van het OT-netwerk van compressorstations", "other", "sectoral",
     ["gas-landelijk"], [R("gas-landelijk", 2)], "2025-06-30", "done",
     "Een aanval op de kantoor-IT bereikt de procesbesturing niet", 3000000,
     "gastransport-lage-landen", "internal"),
    ("ms-graafschade", "Melding en registratie bij graafwerk aanscherpen", "regulation", "sectoral",
     ["gas-regionaal"], [R("gas-regionaal", 1)], "2027-07-01", "planned",
     "Een derde minder graafschade aan gasleidingen", None, "ezk", "internal"),
    ("ms-decentrale-brandstof", "Decentrale brandstofvoorraden bij vitale afnemers", "stockpile",
     "cross_sectoral", ["olie", "drinkwater", "internet-datadiensten", C112],
     [R("olie", 3)], "2027-06-30", "planned",
     "Vitale afnemers houden noodstroom vijf dagen gaande zonder bevoorrading", 25000000,
     "ezk", "confidential"),
    ("ms-terminal-noodstroom", "Noodstroom op laadinstallaties van olieterminals", "redundancy",
     "sectoral", ["olie"], [R("olie", 3)], "2026-09-30", "in_progress",
     "Uitlevering aan tankwagens gaat door bij stroomuitval", 8000000,
     "olieterminal-botlek-oost", "internal"),
    ("ms-dc-diesel", "Prioritaire dieselbevoorrading van datacenters", "alternative_method",
     "cross_sectoral", ["internet-datadiensten", GIR, BRP], [R("internet-datadiensten", 1)],
     "2027-03-31", "proposed",
     "Datacenters blijven langer dan 48 uur op noodstroom", 2000000, "ezk", "confidential"),
    ("ms-zeekabel-bewaking", "Bewaking van zeekabels met sensoren en patrouilles", "other",
     "cross_sectoral", ["internettoegang", "internet-datadiensten", EL_L],
     [R("internet-datadiensten", 2), QS + "zeekabel-internettoegang-1", QS + "zeekabel-" + EL_L + "-2"],
     "2026-12-31", "in_progress", "Sabotage wordt eerder ontdekt en afgeschrikt", 35000000,
     "def", "secret"),
    ("ms-kabelherstel", "Afspraken over herstelcapaciteit voor zeekabels", "other", "cross_sectoral",
     ["internettoegang", "internet-datadiensten"], [QS + "zeekabel-internettoegang-2"],
     "2026-06-30", "done", "Herstel van een zeekabel binnen twee weken", 5000000, "ezk", "confidential"),
    ("ms-cloud-exit", "Exit-strategie en tweede cloudaanbieder voor vitale afnemers", "redundancy",
     "cross_sectoral", ["internet-datadiensten", GIR, BRP], [R("internet-datadiensten", 3)],
     "2028-06-30", "planned", "Vitale diensten kunnen binnen een week van cloudaanbieder wisselen",
     15000000, "ezk", "confidential"),
    ("ms-dc-koeling", "Extra koelcapaciteit voor hittegolven", "redundancy", "sectoral",
     ["internet-datadiensten"], [R("internet-datadiensten", 4)], "2025-05-31", "done",
     "Geen uitval bij buitentemperaturen tot 40 graden", 9000000,
     "datacentrum-haarlemmermeer-noord", "internal"),
    ("ms-opstelpunten-accu", "Acht uur accucapaciteit op alle mobiele opstelpunten", "redundancy",
     "sectoral", ["internettoegang", "spraak-sms"], [R("internettoegang", 1), R("spraak-sms", 1)],
     "2028-12-31", "cancelled",
     "Mobiele netwerken acht uur in de lucht bij stroomuitval; niet proportioneel bevonden", 180000000,
     "ezk", "confidential"),
    ("ms-prioritaire-masten", "Noodstroom voor 1.000 prioritaire opstelpunten (112-dekking)", "redundancy",
     "cross_sectoral", ["spraak-sms", "internettoegang", C112],
     [R("spraak-sms", 1), R("internettoegang", 1), R(C112, 1)], "2027-06-30", "in_progress",
     "Landelijke 112-dekking gedurende 72 uur stroomuitval", 45000000, "poldertel", "confidential"),
    ("ms-kernnetwerk-segmentatie", "Segmentatie en monitoring van het kernnetwerk", "other", "sectoral",
     ["internettoegang"], [R("internettoegang", 2)], "2025-12-31", "done",
     "Een aanval blijft beperkt tot een deel van het netwerk", 12000000, "poldertel", "confidential"),
    ("ms-signalering-firewall", "Firewall voor signaleringsverkeer", "other", "sectoral",
     ["spraak-sms"], [R("spraak-sms", 2)], "2025-03-31", "done",
     "Onderschepping via signaleringsnetwerken wordt geblokkeerd", 3000000,
     "kustlijn-mobiel", "confidential"),
    ("ms-update-procedure", "Gefaseerde uitrol van netwerksoftware", "alternative_method", "sectoral",
     ["spraak-sms"], [R("spraak-sms", 3)], "2026-02-28", "done",
     "Een foute update raakt hooguit tien procent van het netwerk", 400000,
     "kustlijn-mobiel", "internal"),
    ("ms-tijdreferentie", "Nationale terrestrische tijdreferentie", "alternative_method", "cross_sectoral",
     ["gnss", "internettoegang", "spraak-sms", EL_L, RTGS], [R("gnss", 2), R("gnss", 3)],
     "2028-12-31", "planned", "Tijdsynchronisatie onafhankelijk van GNSS", 28000000, "ienw", "confidential"),
    ("ms-jamming-detectie", "Detectienetwerk voor GNSS-stoorzenders", "other", "cross_sectoral",
     ["gnss", "luchtvaart", "scheepvaart"], [R("gnss", 1), R("luchtvaart", 1), R("scheepvaart", 3)],
     "2026-06-30", "done", "Stoorzenders worden binnen een uur gelokaliseerd", 4000000, "ienw", "internal"),
    ("ms-drinkwater-noodstroom", "Noodstroom op alle productielocaties (36 uur)", "redundancy", "sectoral",
     ["drinkwater"], [R("drinkwater", 1), QS + "overstroming-drinkwater-2"], "2025-12-31", "done",
     "Levering gaat 36 uur door bij stroomuitval", 9000000, "drinkwater-midden-delta", "internal"),
    ("ms-doseer-bewaking", "Onafhankelijke bewaking van doseerinstallaties", "other", "sectoral",
     ["drinkwater"], [R("drinkwater", 2), R("drinkwater", 5)], "2026-12-31", "in_progress",
     "Afwijkende dosering wordt binnen minuten gedetecteerd", 2500000,
     "waterbedrijf-noordkust", "confidential"),
    ("ms-chemicalien-voorraad", "Voorraad zuiveringschemicaliën voor vier weken", "stockpile",
     "cross_sectoral", ["drinkwater", "chemie"], [R("drinkwater", 4)], "2026-03-31", "done",
     "Zuivering gaat vier weken door bij een leveringsstop", 1200000,
     "waterleiding-zuidrand", "internal"),
    ("ms-alternatieve-bronnen", "Alternatieve innamepunten en bronnen", "redundancy", "sectoral",
     ["drinkwater"], [R("drinkwater", 3), QS + "overstroming-drinkwater-1"], "2028-12-31", "planned",
     "Levering blijft op peil bij een innamestop van drie maanden", 60000000, "ienw", "internal"),
    ("ms-dijkversterking", "Versnelde dijkversterking in het rivierengebied", "other", "sectoral",
     ["waterkeren"], [R("waterkeren", 1), QS + "overstroming-waterkeren-1"], "2028-12-31", "in_progress",
     "Keringen voldoen aan de norm van 2050", 450000000, "ienw", "internal"),
    ("ms-kering-besturing", "Losgekoppelde besturing van stormvloedkeringen", "other", "sectoral",
     ["waterkeren"], [R("waterkeren", 3), R("waterkeren", 2)], "2025-10-31", "done",
     "Keringen sluiten ook bij een aanval op het netwerk", 6000000, "dienst-waterkeringen", "secret"),
    ("ms-gemalen-diesel", "Dieselaandrijving op kritieke gemalen", "redundancy", "sectoral",
     ["waterkeren"], [R("waterkeren", 4)], "2024-12-31", "done",
     "Bemaling gaat drie dagen door zonder net", 2500000, "waterschap-lage-polders", "internal"),
    ("ms-dronedetectie", "Dronedetectie en -afweer op de luchthaven", "other", "sectoral",
     ["luchtvaart"], [R("luchtvaart", 3)], "2026-09-30", "in_progress",
     "Onderbreking door drones korter dan een uur", 7000000, "luchthaven-polderveld", "confidential"),
    ("ms-ketenbeveiliging-luchtvaart", "Eisen aan afhandelaars en IT-leveranciers", "regulation", "sectoral",
     ["luchtvaart"], [R("luchtvaart", 4)], "2025-06-30", "done",
     "Leveranciers voldoen aan NIS2-ketenbeveiligingseisen", None, "ienw", "internal"),
    ("ms-haven-papieren", "Jaarlijkse oefening met papieren procedures in de haven", "alternative_method",
     "sectoral", ["scheepvaart"], [R("scheepvaart", 1)], "2024-10-31", "done",
     "Afhandeling op halve capaciteit bij uitval van het havencommunicatiesysteem", 50000,
     "havenbedrijf-maasmond", "internal"),
    ("ms-seinkabels", "Camerabewaking en detectie bij kritieke seinkabels", "other", "sectoral",
     ["spoor"], [R("spoor", 2)], "2026-12-31", "in_progress",
     "Sabotage wordt binnen tien minuten ontdekt", 11000000, "spoorbeheer-nederland", "confidential"),
    ("ms-afschaalplan-spoor", "Afschaalplan voor de dienstregeling bij uitval van tractievoeding",
     "alternative_method", "sectoral", ["spoor"], [R("spoor", 1)], "2024-09-30", "done",
     "Geen treinen stil tussen stations; reizigers binnen twee uur geëvacueerd", 300000,
     "reizigers-spoor", "internal"),
    ("ms-verkeersleiding-segmentatie", "Segmentatie van het verkeersleidingssysteem", "other", "sectoral",
     ["spoor"], [R("spoor", 3)], "2027-06-30", "planned",
     "Een aanval legt hooguit een regio stil", 6000000, "spoorbeheer-nederland", "confidential"),
    ("ms-tunnelnoodstroom", "Noodstroom voor tunnels (24 uur)", "redundancy", "sectoral",
     ["wegennet"], [R("wegennet", 2)], "2025-12-31", "done",
     "Tunnels blijven 24 uur open bij stroomuitval", 5000000, "wegbeheer-rijkswegen", "internal"),
    ("ms-winterdienst", "Strooizoutvoorraad en winterdienstcapaciteit", "stockpile", "sectoral",
     ["wegennet"], [R("wegennet", 1)], "2024-11-30", "done",
     "Hoofdwegennet binnen vier uur na sneeuwval berijdbaar", 3000000, "wegbeheer-rijkswegen", "internal"),
    ("ms-sis-scheiding", "Scheiding van veiligheidsinstrumentatie en kantoor-IT", "other", "sectoral",
     ["chemie"], [R("chemie", 3)], "2025-12-31", "in_progress",
     "Veiligheidssystemen onbereikbaar vanaf kantoornetwerken", 4000000,
     "chemiepark-botlek-west", "confidential"),
    ("ms-grondstoffen-spreiding", "Spreiding van leveranciers van basischemicaliën", "other",
     "cross_sectoral", ["chemie", "drinkwater"], [R("chemie", 4), R("drinkwater", 4)], "2027-12-31",
     "planned", "Geen enkele leverancier levert meer dan de helft", None, "ienw", "confidential"),
    ("ms-nucleair-transport", "Extra beveiliging van transporten van nucleair materiaal", "other",
     "sectoral", ["nucleair"], [R("nucleair", 1)], "2025-03-31", "done",
     "Transporten begeleid en gevolgd volgens het hoogste beveiligingsniveau", 10000000,
     "centrale-opslag-radioactief", "secret"),
    ("ms-nucleair-noodstroom", "Mobiele noodstroom en koelwaterpompen", "redundancy", "sectoral",
     ["nucleair"], [R("nucleair", 3)], "2024-06-30", "done",
     "Koeling gegarandeerd gedurende negen dagen zonder net", 12000000,
     "kerncentrale-schelde-oost", "secret"),
    ("ms-contant-geld", "Behoud van contante betaalinfrastructuur", "regulation", "sectoral",
     [TOON], [R(TOON, 1)], "2026-12-31", "in_progress",
     "Geldautomaten op noodstroom en acceptatieplicht voor essentiële aankopen", None, "fin", "internal"),
    ("ms-offline-pin", "Offline-pin bij storingen bij verwerkers", "alternative_method", "sectoral",
     [TOON], [R(TOON, 2), QS + "ransomware-toonbankbetalingen-1"], "2027-06-30", "proposed",
     "Kleine pinbetalingen gaan door bij uitval van de verwerker", 3000000,
     "pinpunt-acquiring", "confidential"),
    ("ms-uitwijkverwerker", "Uitwijkverwerker voor prioritaire betalingen", "redundancy", "sectoral",
     [GIR, TOON], [R(GIR, 1), R(TOON, 2), QS + "ransomware-giraal-betalingsverkeer-1"],
     "2026-12-31", "in_progress",
     "Salarissen en uitkeringen worden binnen 24 uur uitbetaald bij uitval van een verwerker",
     7500000, "betaalverwerking-nederland", "confidential"),
    ("ms-ddos-bescherming", "Gezamenlijke DDoS-bescherming voor banken en overheid", "other",
     "cross_sectoral", [GIR, IDA, "berichtenverkeer-burgers"],
     [R(GIR, 2), R(IDA, 1), R("berichtenverkeer-burgers", 1)], "2024-12-31", "done",
     "DDoS-aanvallen tot 1 Tbit/s worden afgeslagen", 5000000, "fin", "internal"),
    ("ms-rekencentrum-spreiding", "Spreiding van rekencentra van banken", "redundancy", "sectoral",
     [GIR], [R(GIR, 3)], "2027-12-31", "planned",
     "Geen gedeeld rekencentrum voor meer dan twee banken", 20000000, "polderbank", "confidential"),
    ("ms-rtgs-test", "Halfjaarlijkse test van de contingency-module", "alternative_method", "sectoral",
     [RTGS], [R(RTGS, 2)], "2025-06-30", "done",
     "Kritieke betalingen binnen twee uur via de contingency-module", 0,
     "nationale-afwikkelbank", "confidential"),
    ("ms-ccp-herstelplan", "Herstel- en afwikkelplan van de centrale tegenpartij", "regulation", "sectoral",
     ["effectenverkeer"], [R("effectenverkeer", 2)], "2024-12-31", "done",
     "Clearing gaat door bij problemen van een deelnemer", None, "fin", "confidential"),
    ("ms-noodsteunpunten", "Noodsteunpunten in elke gemeente", "alternative_method", "cross_sectoral",
     [C112, "politie"], [R(C112, 1)], "2026-06-30", "in_progress",
     "Burgers kunnen binnen twee uur na telecomuitval hulp melden", 4000000, "jenv", "internal"),
    ("ms-c2000-opvolger", "Vervanging van C2000 door een opvolger met langere noodstroom", "redundancy",
     "sectoral", [C112], [R(C112, 3)], "2028-12-31", "in_progress",
     "Masten 72 uur op noodstroom; meer dan een leverancier", 350000000, "jenv", "confidential"),
    ("ms-uitwijkmeldkamer", "Uitwijkmeldkamer en segmentatie van het meldkamersysteem", "redundancy",
     "sectoral", [C112], [R(C112, 2)], "2025-09-30", "done",
     "Meldkamerfunctie binnen 15 minuten overgenomen", 8000000,
     "landelijke-meldkamersamenwerking", "confidential"),
    ("ms-brp-monitoring", "Monitoring en logging van bevragingen van de basisregistratie", "other",
     "sectoral", [BRP], [R(BRP, 1)], "2025-06-30", "done",
     "Afwijkende bevragingen worden binnen een dag gesignaleerd", 1500000,
     "rijksdienst-basisregistraties", "confidential"),
    ("ms-brp-kopie", "Alleen-lezen kopie van de basisregistratie", "redundancy", "sectoral",
     [BRP, "interconnectiviteit"], [R(BRP, 2)], "2027-12-31", "proposed",
     "Bevragingen gaan door bij uitval van het primaire systeem", 1800000, "bzk", "confidential"),
    ("ms-authenticator-app", "Inloggen met een app als standaard", "alternative_method", "sectoral",
     [IDA], [R(IDA, 2), R(IDA, 3)], "2025-12-31", "done",
     "Inloggen werkt zonder SMS; minder misbruik van gestolen wachtwoorden", 500000,
     "stichting-inlogdiensten", "internal"),
    ("ms-desinformatie-protocol", "Protocol tegen nagemaakte overheidsberichten", "other", "cross_sectoral",
     ["berichtenverkeer-burgers"], [R("berichtenverkeer-burgers", 2)], "2026-10-31", "cancelled",
     "Opgegaan in een rijksbreed programma tegen desinformatie", None, "bzk", "internal"),
    ("ms-defensie-prioriteit", "Afspraken met civiele aanbieders over prioriteit bij mobilisatie",
     "regulation", "cross_sectoral", ["defensie", EL_R, "olie", "spoor"], [R("defensie", 2)],
     "2027-12-31", "planned", "Defensie krijgt voorrang bij energie, brandstof en spoorcapaciteit",
     None, "def", "secret"),
    ("ms-oefening-stroomuitval", "Landelijke oefening langdurige stroomuitval (72 uur)", "other",
     "cross_sectoral", [EL_L, EL_R, "internettoegang", "spraak-sms", "drinkwater", C112, GIR],
     [R(EL_L, 1), R("internettoegang", 1), R("drinkwater", 1), R(C112, 1)], "2026-10-15", "done",
     "Inzicht in de cascade en in de werking van fallback-opties", 1500000, "nctv", "internal"),
]

# What-if effects of measures (for `vitaal whatif`): graph effects change one
# dependency, risk effects one risk's likelihood or impact class.
EFFECTS = {
    "ms-dc-diesel": dict(effect="add_fallback", effect_dependency="dep-data-el",
                         effect_activation_h=48, effect_duration_h=120),
    "ms-opstelpunten-accu": dict(effect="add_buffer", effect_dependency="dep-inet-el", effect_hours=4),
    "ms-prioritaire-masten": dict(effect="add_fallback", effect_dependency="dep-inet-el",
                                  effect_activation_h=4, effect_duration_h=72),
    "ms-decentrale-brandstof": dict(effect="add_buffer", effect_dependency="dep-dw-el", effect_hours=48),
    "ms-tijdreferentie": dict(effect="add_buffer", effect_dependency="dep-inet-gnss", effect_hours=720),
    "ms-brp-kopie": dict(effect="add_fallback", effect_dependency="dep-brp-data",
                         effect_activation_h=4, effect_duration_h=72),
    "ms-offline-pin": dict(effect="add_fallback", effect_dependency="dep-toon-verwerking",
                           effect_activation_h=0, effect_duration_h=24),
    "ms-c2000-opvolger": dict(effect="add_buffer", effect_dependency="dep-112-el", effect_hours=64),
    "ms-chemicalien-voorraad": dict(effect="add_buffer", effect_dependency="dep-dw-chemie",
                                    effect_hours=504),
    "ms-grondstoffen-spreiding": dict(effect="add_supplier", effect_dependency="dep-dw-chemie",
                                      effect_supplier="scheepvaart"),
    "ms-stations-beveiliging": dict(effect="likelihood", effect_risk=R(EL_L, 2), effect_class="A"),
    "ms-sis-scheiding": dict(effect="likelihood", effect_risk=R("chemie", 3), effect_class="A"),
    "ms-doseer-bewaking": dict(effect="likelihood", effect_risk=R("drinkwater", 2), effect_class="A"),
    "ms-tweede-lng": dict(effect="likelihood", effect_risk=R("gas-landelijk", 1), effect_class="B"),
    "ms-uitwijkverwerker": dict(effect="likelihood", effect_risk=R(GIR, 1), effect_class="C"),
    "ms-rekencentrum-spreiding": dict(effect="likelihood", effect_risk=R(GIR, 3), effect_class="B"),
    "ms-cloud-exit": dict(effect="likelihood", effect_risk=R("internet-datadiensten", 3),
                          effect_class="B"),
    "ms-dijkversterking": dict(effect="impact", effect_risk=R("waterkeren", 1),
                               effect_criterion="2.1", effect_class="B"),
    "ms-transformator-reserve": dict(effect="impact", effect_risk=R(EL_L, 3),
                                     effect_criterion="3.1", effect_class="B"),
}

# How often a measure should be reviewed (months); the model's default is 12.
# Which NIS2 art. 21(2) / CER art. 13(1) requirements a measure helps meet
# (ids of data/frameworks/*.yaml, loaded by `vitaal init` before the demo).
NIS2 = "urn:vitaal:req_node:nis2:"
CER = "urn:vitaal:req_node:cer:"
REQUIREMENTS = {
    "ms-black-start": [NIS2 + "21.2.c", CER + "13.1.d"],
    "ms-brp-kopie": [NIS2 + "21.2.c"],
    "ms-brp-monitoring": [NIS2 + "21.2.b"],
    "ms-ccp-herstelplan": [NIS2 + "21.2.c", CER + "13.1.d"],
    "ms-cloud-exit": [NIS2 + "21.2.d"],
    "ms-compressor-ot": [NIS2 + "21.2.e", NIS2 + "21.2.i"],
    "ms-ddos-bescherming": [NIS2 + "21.2.a", CER + "13.1.c"],
    "ms-drinkwater-noodstroom": [CER + "13.1.c", NIS2 + "21.2.c"],
    "ms-dronedetectie": [CER + "13.1.b"],
    "ms-kernnetwerk-segmentatie": [NIS2 + "21.2.a"],
    "ms-ketenbeveiliging-luchtvaart": [NIS2 + "21.2.d"],
    "ms-netbeheer-backups": [NIS2 + "21.2.c"],
    "ms-oefening-stroomuitval": [NIS2 + "21.2.f", CER + "13.1.f"],
    "ms-rtgs-test": [NIS2 + "21.2.f"],
    "ms-signalering-firewall": [NIS2 + "21.2.a"],
    "ms-stations-beveiliging": [CER + "13.1.b"],
    "ms-technici-pool": [CER + "13.1.e"],
    "ms-update-procedure": [NIS2 + "21.2.e", NIS2 + "21.2.g"],
    "ms-uitwijkmeldkamer": [NIS2 + "21.2.c", CER + "13.1.d"],
    "ms-authenticator-app": [NIS2 + "21.2.j"],
    "ms-zeekabel-bewaking": [CER + "13.1.a", CER + "13.1.b"],
}

REVIEW_INTERVAL = {
    "ms-tso-satcom": 6, "ms-rtgs-test": 6, "ms-drinkwater-noodstroom": 6, "ms-gemalen-diesel": 6,
    "ms-dijkversterking": 24, "ms-vulgraad-gasopslag": 12, "ms-oefening-stroomuitval": 36,
    "ms-ccp-herstelplan": 24, "ms-ketenbeveiliging-luchtvaart": 24,
}

# Follow-up dates of the reviews that found a measure (partly) ineffective:
# (measure, review date) -> the day the adjustment is looked at again. As of
# early December 2026 some are still ahead, some have passed without a new
# review, and drinkwater-noodstroom's was met by the review of October 2026.
FOLLOW_UP = {
    ("ms-tso-satcom", "2026-10-15"): "2027-01-15",
    ("ms-netbeheer-backups", "2025-11-20"): "2026-05-20",
    ("ms-signalering-firewall", "2025-06-02"): "2025-12-01",
    ("ms-jamming-detectie", "2026-08-20"): "2027-02-20",
    ("ms-drinkwater-noodstroom", "2026-01-24"): "2026-07-24",
    ("ms-ketenbeveiliging-luchtvaart", "2026-03-18"): "2026-09-18",
    ("ms-haven-papieren", "2025-10-09"): "2026-04-09",
    ("ms-winterdienst", "2025-02-12"): "2025-11-01",
    ("ms-ddos-bescherming", "2026-02-04"): "2026-08-04",
    ("ms-uitwijkmeldkamer", "2025-12-24"): "2026-06-24",
    ("ms-oefening-stroomuitval", "2026-10-15"): "2027-04-15",
    ("ms-uitwijkverwerker", "2026-06-07"): "2026-12-31",
}

# Reviews: (measure, date, method, result, findings, adjustment)
REVIEWS = [
    ("ms-tso-satcom", "2024-10-08", "test", "effective",
     "Alle regionale schakelcentra bereikbaar via satelliet binnen 20 minuten.", None),
    ("ms-tso-satcom", "2026-10-15", "exercise", "partly_effective",
     "Bij de landelijke oefening viel een derde van de terminals uit door lege accu's.",
     "Accu's vervangen en maandelijkse test ingevoerd."),
    ("ms-stations-beveiliging", "2026-02-11", "audit", "effective",
     "Detectie voldoet aan de norm op alle 380 kV-stations.", None),
    ("ms-netbeheer-backups", "2025-11-20", "test", "partly_effective",
     "Herstel van de storingsapplicatie duurde 70 uur in plaats van 48.",
     "Herstelvolgorde aangepast en extra opslagcapaciteit gereserveerd."),
    ("ms-vulgraad-gasopslag", "2024-11-04", "audit", "effective",
     "Vulgraad op 1 november 93%.", None),
    ("ms-compressor-ot", "2025-09-17", "test", "effective",
     "Penetratietest bereikte de procesbesturing niet.", None),
    ("ms-kabelherstel", "2026-09-01", "exercise", "inconclusive",
     "Tabletop-oefening: beschikbaarheid van kabelschepen kon niet worden bevestigd.",
     "Contract met tweede kabelschip in voorbereiding."),
    ("ms-dc-koeling", "2025-07-30", "incident", "effective",
     "Hittegolf juli 2025 (fictief): geen uitval bij 38 graden.", None),
    ("ms-kernnetwerk-segmentatie", "2026-04-14", "test", "effective",
     "Red-team-oefening bleef beperkt tot een segment.", None),
    ("ms-signalering-firewall", "2025-06-02", "audit", "partly_effective",
     "Twee roamingpartners omzeilen de filtering.", "Filterregels uitgebreid naar roamingverkeer."),
    ("ms-update-procedure", "2026-05-12", "incident", "effective",
     "Een foute update bleef beperkt tot 6% van de opstelpunten.", None),
    ("ms-jamming-detectie", "2026-08-20", "incident", "partly_effective",
     "Stoorzender boven de Waddenzee pas na drie uur gelokaliseerd.", "Twee extra sensoren aan de kust."),
    ("ms-drinkwater-noodstroom", "2026-01-24", "incident", "partly_effective",
     "Overstroming Rivierenland (fictief): twee van de drie aggregaten startten; boosterstation viel uit.",
     "Onderhoudscontract aangescherpt en maandelijkse startproef."),
    ("ms-drinkwater-noodstroom", "2026-10-15", "exercise", "effective",
     "Landelijke oefening: levering 36 uur op peil.", None),
    ("ms-chemicalien-voorraad", "2026-05-06", "audit", "effective",
     "Voorraad voor 31 dagen aanwezig.", None),
    ("ms-kering-besturing", "2025-12-03", "test", "effective",
     "Keringen sloten in de test zonder netwerkverbinding.", None),
    ("ms-gemalen-diesel", "2026-01-21", "incident", "effective",
     "Overstroming Rivierenland (fictief): alle kritieke gemalen bleven draaien.", None),
    ("ms-ketenbeveiliging-luchtvaart", "2026-03-18", "audit", "ineffective",
     "Vier van de zeven leveranciers voldoen niet aan de eisen.",
     "Contractuele sancties en herbeoordeling binnen zes maanden."),
    ("ms-haven-papieren", "2025-10-09", "exercise", "partly_effective",
     "Afhandeling haalde 35% in plaats van 50% van de capaciteit.", "Extra personeel in het draaiboek."),
    ("ms-afschaalplan-spoor", "2025-04-03", "exercise", "effective",
     "Alle treinen binnen 90 minuten bij een station.", None),
    ("ms-tunnelnoodstroom", "2026-10-15", "exercise", "effective",
     "Tunnels bleven tijdens de oefening open.", None),
    ("ms-winterdienst", "2025-02-12", "incident", "partly_effective",
     "IJzel februari 2025 (fictief): drie corridors pas na acht uur berijdbaar.", "Extra strooiwagens op corridors."),
    ("ms-nucleair-noodstroom", "2025-05-22", "test", "effective",
     "Mobiele pompen binnen zes uur in bedrijf.", None),
    ("ms-ddos-bescherming", "2026-02-04", "incident", "partly_effective",
     "DDoS op de inlogdienst (fictief): vier uur verminderde beschikbaarheid.",
     "Capaciteit van de wasstraat verdubbeld."),
    ("ms-rtgs-test", "2025-11-27", "test", "effective",
     "Alle kritieke betalingen binnen 75 minuten verwerkt.", None),
    ("ms-uitwijkmeldkamer", "2025-12-24", "incident", "partly_effective",
     "Telefonie-uitval (fictief): overname na 25 in plaats van 15 minuten.", "Automatische doorschakeling."),
    ("ms-brp-monitoring", "2025-10-01", "audit", "effective",
     "Alle bevragingen gelogd en afwijkingen gesignaleerd.", None),
    ("ms-authenticator-app", "2026-02-04", "incident", "effective",
     "Bij de SMS-storing logde 80% van de gebruikers in met de app.", None),
    ("ms-oefening-stroomuitval", "2026-10-15", "exercise", "partly_effective",
     "De cascade verliep sneller dan verwacht: betalen en 112 vielen binnen vier uur weg; "
     "datacenters hadden geen afspraken over dieselbevoorrading.",
     "Dieselbevoorrading van datacenters toegevoegd aan het actieprogramma."),
    ("ms-uitwijkverwerker", "2026-06-07", "incident", "ineffective",
     "Ransomware bij betaalverwerker (fictief): de uitwijkverwerker bleek via dezelfde leverancier besmet.",
     "Uitwijk bij een andere leverancier onderbrengen."),
]

# Incidents: (id, process, provider, title, detected_at, significant, early_warning_at,
#             notification_at, final_report_at, description)
INCIDENTS = [
    ("inc-2025-001", "internettoegang", "noordzee-kabelconsortium", "Breuk van twee zeekabels (fictief)",
     "2025-03-14T04:12:00Z", True, "2025-03-14T16:40:00Z", "2025-03-16T10:00:00Z", "2025-04-11T09:00:00Z",
     "Verminderde internationale capaciteit; verkeer omgeleid."),
    ("inc-2025-002", "internet-datadiensten", "amstel-internet-exchange",
     "Capaciteitsverlies internetknooppunt na kabelbreuk (fictief)",
     "2025-03-14T05:30:00Z", True, "2025-03-15T02:00:00Z", "2025-03-17T01:00:00Z", "2025-04-15T12:00:00Z",
     "Congestie op uitwijkroutes gedurende vier dagen."),
    ("inc-2025-003", "gas-regionaal", "netbeheer-noordkust", "Graafschade aan gasleiding (fictief)",
     "2025-04-17T14:20:00Z", False, None, None, None,
     "2.300 aansluitingen tien uur afgesloten."),
    ("inc-2025-004", "luchtvaart", "luchtverkeersleiding-lage-landen", "GNSS-verstoring bij naderingen (fictief)",
     "2025-08-02T10:00:00Z", False, None, None, None,
     "Naderingen tijdelijk op conventionele navigatie."),
    ("inc-2025-005", "spraak-sms", "kustlijn-mobiel", "Storing mobiel netwerk na software-update (fictief)",
     "2025-09-09T13:00:00Z", True, "2025-09-09T18:00:00Z", "2025-09-11T09:00:00Z", "2025-10-06T15:00:00Z",
     "Twaalf uur geen mobiele telefonie voor 1,5 miljoen klanten."),
    ("inc-2025-006", "spoor", "spoorbeheer-nederland", "Seinstoring op knooppunt Middenland (fictief)",
     "2025-11-12T06:45:00Z", False, None, None, None, "Ochtendspits vier uur verstoord."),
    ("inc-2025-007", C112, "landelijke-meldkamersamenwerking", "Uitval meldkamertelefonie (fictief)",
     "2025-12-24T19:10:00Z", True, "2025-12-25T08:00:00Z", "2025-12-27T10:00:00Z", "2026-01-26T10:00:00Z",
     "40 minuten verminderde bereikbaarheid van 112 in drie regio's."),
    ("inc-2026-001", EL_R, "netbeheer-rivierenland", "Uitval verdeelstation na overstroming (fictief)",
     "2026-01-20T22:15:00Z", True, "2026-01-21T09:00:00Z", "2026-01-23T15:00:00Z", "2026-02-20T11:00:00Z",
     "40.000 aansluitingen twee dagen zonder stroom."),
    ("inc-2026-002", "drinkwater", "drinkwater-midden-delta", "Drukverlies leidingnet tijdens overstroming (fictief)",
     "2026-01-21T03:40:00Z", True, "2026-01-21T20:00:00Z", "2026-01-24T12:00:00Z", "2026-02-27T09:00:00Z",
     "Kookadvies voor 60.000 inwoners; de notificatie kwam na de termijn van 72 uur."),
    ("inc-2026-003", IDA, "stichting-inlogdiensten", "DDoS op de inlogdienst (fictief)",
     "2026-02-03T08:10:00Z", True, "2026-02-03T12:00:00Z", "2026-02-05T11:00:00Z", "2026-03-04T16:00:00Z",
     "Vier uur verminderde beschikbaarheid."),
    ("inc-2026-004", "scheepvaart", "havenbedrijf-maasmond", "Storing havencommunicatiesysteem (fictief)",
     "2026-03-11T09:00:00Z", True, "2026-03-11T15:30:00Z", "2026-03-13T08:00:00Z", "2026-04-09T10:00:00Z",
     "Zes uur papieren procedures."),
    ("inc-2026-005", GIR, "betaalverwerking-nederland", "Ransomware bij betaalverwerker (fictief)",
     "2026-06-05T07:05:00Z", True, "2026-06-05T11:30:00Z", "2026-06-07T18:00:00Z", None,
     "Twee dagen geen verwerking van overboekingen voor drie banken; eindrapport nog niet ontvangen."),
    ("inc-2026-006", TOON, "pinpunt-acquiring", "Betaalterminals uit na ransomware bij verwerker (fictief)",
     "2026-06-05T08:20:00Z", True, "2026-06-06T12:00:00Z", "2026-06-08T06:00:00Z", "2026-07-03T14:00:00Z",
     "Vroegtijdige waarschuwing na 28 uur, buiten de termijn van 24 uur."),
    ("inc-2026-007", "chemie", "chemiepark-botlek-west", "Fakkelen na spanningsdip (fictief)",
     "2026-10-08T02:30:00Z", False, None, None, None, "Geen gevaar voor de omgeving; veel meldingen van omwonenden."),
    ("inc-2026-008", "internettoegang", "glasnet-delta", "Brandstichting in glasvezelverdeelpunt (fictief)",
     "2026-11-20T01:50:00Z", True, "2026-11-20T15:00:00Z", None, None,
     "18.000 aansluitingen drie dagen zonder internet; notificatie na 72 uur nog niet ontvangen."),
    ("inc-2026-009", "waterkeren", "waterschap-lage-polders", "Storing besturing gemaal tijdens storm (fictief)",
     "2026-11-25T21:00:00Z", True, None, None, None,
     "Gemaal handmatig bediend; vroegtijdige waarschuwing nog niet verstuurd."),
]

# --------------------------------------------------------------------------
# Building the document


def build():
    rng = random.Random(SEED)
    doc = {k: [] for k in KINDS}

    def add(coll, /, **fields):
        unknown = set(fields) - set(FIELDS[coll])
        if unknown:
            raise SystemExit("gen-demo: %s: unknown fields %s" % (coll, sorted(unknown)))
        doc[coll].append(fields)

    # organisations
    for pid, name, desc, links in PROVIDERS:
        add("organisations", id=pid, name=name, kind="provider", parent=PROVIDER_PARENT.get(pid),
            description=desc, classification="internal", owner=pid)
    for oid, name, kind, desc, parent in OTHER_ORGS:
        add("organisations", id=oid, name=name, kind=kind, parent=parent, description=desc,
            classification="internal", owner=oid)

    # the demo's made-up users log in with a password alone (make run, the
    # browser tests); they may still enrol a second factor themselves. A
    # database made with `vitaal init` needs it from confidential up
    # (docs/security.md, MFA).
    add("settings", id="mfa_required_clearance", value="none",
        description="demo: no second factor required (the catalogue's default is confidential: "
        "users of that clearance and up log in with TOTP)",
        classification="public", owner="nctv")

    # threats under the catalogue themes
    for tid, name, theme in SUBTHREATS:
        add("threats", id=tid, name=name, theme=theme,
            description="Specifieke dreiging onder het RbRa-thema; toegevoegd voor de demo.",
            classification="public", owner="nctv")

    # processes again, with recovery_h and a description, and where one
    # tolerates another downtime than its category's, its own MTPD
    for pid, row in CAT_PROCESSES.items():
        rec_h, desc = PROCESS_DETAIL[pid]
        mtpd_h, mtpd_reason = PROCESS_MTPD.get(pid, (None, None))
        add("processes", id=pid, name=row["name"], sector=row["sector"], ministry=row["ministry"],
            category=row["category"], recovery_h=rec_h, mtpd_h=mtpd_h, mtpd_reason=mtpd_reason,
            description=desc, classification="public", owner="nctv")

    # services shared across sectors (issue 20 part 4): the coordinator keeps them
    for sid, name, kind, provider, rec_h, cls, desc in SERVICES:
        add("services", id=sid, name=name, kind=kind, provider=provider, description=desc,
            recovery_h=rec_h, classification=cls, owner="nctv")

    # an interdependency table for the IIM (issue 16 part 4): seven sectors,
    # illustrative numbers, said so in the record itself
    add("iim_tables", id="iim-nl-illustratief", name=IIM_TABLE["name"],
        source=IIM_TABLE["source"], year=IIM_TABLE["year"], unit=IIM_TABLE["unit"],
        illustrative=True, data=json.dumps(IIM_TABLE["data"], ensure_ascii=False),
        sector_map=IIM_TABLE["sector_map"], classification="public", owner="nctv")

    # provider links
    for pid, _, _, links in PROVIDERS:
        for proc, nis2, cer, what in links:
            identified, notified = CER_DATES.get(pid, (None, None)) if cer else (None, None)
            add("provider_links", id="pl-%s-%s" % (pid, proc), provider=pid, process=proc,
                nis2_entity=nis2, cer_critical=cer, cer_identified=identified,
                cer_notified=notified, description=what,
                classification="internal", owner=ministry_of(proc))

    # assessments (the cascade is filled in below, once the graph is built)
    keys = ["economic_damage", "real_income_drop", "casualties", "people_affected"]
    for proc, date, assessor, values, cat, why in ASSESSMENTS:
        impacts = {k: (int(v) if float(v).is_integer() else v) for k, v in zip(keys, values)}
        add("assessments", id="as-%s-%s" % (proc, date[:4]), process=proc, date=date,
            assessor=assessor, impacts=impacts, category=cat, rationale=why,
            cascade_outage_h=None if date < "2020" else int(CAT_SETTINGS["assess_outage_h"]),
            classification="secret" if proc in ("nucleair", "defensie") else "internal",
            owner=ministry_of(proc))

    # events
    for eid, name, occurred, desc, procs, cls in EVENTS:
        add("events", id=eid, name=name, occurred=occurred, description=desc, processes=procs,
            classification=cls, owner="nctv")

    # analyses and risks
    # Regular risks go to the latest final regular analysis of their process (or
    # the latest regular one when none is final); every other regular analysis
    # of the process repeats the first scenario, rated one class lower when
    # older (a trend) and one higher when newer (work in progress).
    regular = {}
    for proc, year, kind, event, status, started, fin, cls in ANALYSES:
        if kind == "regular":
            regular.setdefault(proc, []).append((analysis_id(proc, year, kind, event), status))
    risks_of = {}
    for proc, scen in SCENARIOS.items():
        ans = regular[proc]
        finals = [i for i, (_, st) in enumerate(ans) if st == "final"]
        t = finals[-1] if finals else len(ans) - 1
        for n, (threat, text, lik) in enumerate(scen, 1):
            risks_of.setdefault(ans[t][0], []).append((R(proc, n), threat, text, lik, proc))
        threat, text, lik = scen[0]
        for i, (aid, _) in enumerate(ans):
            if i == t:
                continue
            shift = -1 if i < t else 1
            lik2 = "ABCDE"[max(0, min(4, "ABCDE".index(lik) + shift))]
            risks_of.setdefault(aid, []).append(
                ("%s-%s" % (R(proc, 1), aid[-4:]), threat, text, lik2, proc))
    for aid, scen in QUICKSCAN_RISKS.items():
        proc = aid.split("-", 3)[3]
        for n, (threat, text, lik) in enumerate(scen, 1):
            rid = "r-qs-%s-%s-%d" % (aid.split("-")[2], proc, n)
            risks_of.setdefault(aid, []).append((rid, threat, text, lik, proc))

    event_names = {e[0]: e[1] for e in EVENTS}
    sector_of = {p: r["sector"] for p, r in CAT_PROCESSES.items()}
    for proc, year, kind, event, status, started, fin, cls in ANALYSES:
        aid = analysis_id(proc, year, kind, event)
        name = CAT_PROCESSES[proc]["name"]
        nr = len(risks_of.get(aid, []))
        adj = ADJ[rng.randrange(len(ADJ))]
        if kind == "quickscan":
            summary = QUICKSCAN_SUMMARY.format(event=event_names[event], name=name, nr=nr, adj=adj)
        else:
            summary = SUMMARIES[status].format(year=year, name=name, nr=nr, adj=adj)
        topics = list(FINDINGS)
        if status == "review":
            topics = topics[:4]
        elif status == "draft":
            topics = topics[:2]
        law = LAWS[sector_of[proc]]
        bufs = [d[3] for d in DEPENDENCIES if d[1] == proc and (EL_R in d[2] or EL_L in d[2])]
        findings = {}
        for t in topics:
            text = FINDINGS[t][rng.randrange(len(FINDINGS[t]))]
            findings[t] = text.format(law=law, Law=law[0].upper() + law[1:],
                                      buf=max(bufs) if bufs else 24, n=rng.randint(2, 14))
        if kind == "quickscan":
            findings["incidents"] = ("Aanleiding: %s (%s). Herstel verliep zoals gepland; "
                                     "communicatie met ketenpartners kan sneller." %
                                     (event_names[event], event))
        add("analyses", id=aid, process=proc, cycle_year=year, kind=kind, event=event, status=status,
            started=started, finalised=fin, summary=summary, findings=findings,
            rejection=REJECTIONS.get(aid), classification=cls, owner=ministry_of(proc))
        cat = CAT_PROCESSES[proc]["category"]
        for rid, threat, text, lik, rproc in risks_of.get(aid, []):
            crit = THREAT_IMPACTS.get(threat, THREAT_IMPACTS["bedreiging-vitale-infrastructuur"])
            k = min(len(crit), 3 + rng.randint(0, 3))
            base = 2 if cat == "A" else 1
            impacts = {}
            for c in sorted(crit[:k], key=CAT_IMPACT.index):
                impacts[c] = "ABCDE"[max(0, min(4, base + rng.randint(-1, 2)))]
            res = {}
            for dim, b in zip(["physical", "digital", "economic", "chain", "crisis_management"],
                              RESILIENCE_BASE[rproc]):
                res[dim] = max(1, min(5, b + rng.choice((-1, 0, 0, 0, 1))))
            add("risks", id=rid, analysis=aid, threat=threat, scenario=text, likelihood=lik,
                impacts=impacts, resilience=res, classification=cls, owner=ministry_of(proc))

    # fallback options
    for (fid, proc, kind, needed, why, avail, act, dur, cost, prop, desc, owner,
         cls) in FALLBACKS:
        add("fallback_options", id=fid, process=proc, kind=kind, needed=needed, need_rationale=why,
            available=avail, activation_h=act, duration_h=dur, cost_eur=cost, proportionate=prop,
            description=desc, classification=cls, owner=owner)

    # dependencies
    for did, proc, sups, buf, fb, desc in DEPENDENCIES:
        crit = CAT_PROCESSES[proc]["category"] == "A" or proc in ("defensie", "politie")
        add("dependencies", id=did, process=proc, suppliers=list(sups), buffer_h=buf, fallback=fb,
            description=desc, classification="confidential" if crit else "internal",
            owner=ministry_of(proc))
    for did, proc, svcs, buf, desc in SERVICE_DEPENDENCIES:
        crit = CAT_PROCESSES[proc]["category"] == "A" or proc in ("defensie", "politie")
        add("dependencies", id=did, process=proc, suppliers=[], supplier_services=list(svcs),
            buffer_h=buf, description=desc,
            classification="confidential" if crit else "internal", owner=ministry_of(proc))

    # measures
    for (mid, name, kind, scope, procs, risks, due, status, effect, cost, owner, cls) in MEASURES:
        add("measures", id=mid, name=name, kind=kind, scope=scope, processes=procs, risks=risks,
            due=due, status=status, expected_effect=effect, cost_eur=cost,
            review_interval_months=REVIEW_INTERVAL.get(mid),
            requirements=REQUIREMENTS.get(mid, []), classification=cls, owner=owner,
            **EFFECTS.get(mid, {}))

    # reviews
    mowner = {m[0]: (m[10], m[11]) for m in MEASURES}
    for mid, date, method, result, findings, adjustment in REVIEWS:
        owner, cls = mowner[mid]
        add("reviews", id="rv-%s-%s" % (mid[3:], date), measure=mid, date=date, method=method,
            result=result, findings=findings, adjustment=adjustment,
            follow_up=FOLLOW_UP.get((mid, date)), classification=cls, owner=owner)

    # incidents
    for (iid, proc, prov, title, det, sig, ew, notif, final, desc) in INCIDENTS:
        add("incidents", id=iid, process=proc, provider=prov, title=title, detected_at=det,
            significant=sig, early_warning_at=ew, notification_at=notif, final_report_at=final,
            description=desc, classification="confidential", owner=prov)

    # the cascade criterion as `vitaal assess` computes it, then what decided
    for a in doc["assessments"]:
        if a["cascade_outage_h"] is not None:
            a["impacts"]["cascade"] = cascade_count(doc, a["process"])
        a["decided_by"] = decided_by(a["impacts"], a["category"])
    # an assessment history: the engine's new assessment beside the analyst's
    for proc, date, assessor, base_id, why, explanation in ENGINE_ASSESSMENTS:
        base = next(a for a in doc["assessments"] if a["id"] == base_id)
        impacts = dict(base["impacts"], cascade=cascade_count(doc, proc))
        cat = category_of(impacts)
        add("assessments", id="as-%s-%s" % (proc, date), process=proc, date=date,
            assessor=assessor, impacts=impacts, category=cat, rationale=why,
            cascade_outage_h=int(CAT_SETTINGS["assess_outage_h"]),
            decided_by=decided_by(impacts, cat), engine_explanation=explanation,
            based_on=base_id, classification=base["classification"], owner=base["owner"])
    four_eyes(doc)
    nis2_analyses(doc)
    own_failures(doc)
    contributions(doc)
    sharing(doc)
    compliance(doc)
    requests(doc)
    return doc


# Four eyes (docs/method.md): assessments and reviews are final only by
# approval. What the demo brought in was decided before vitaal (final); the
# engine's new assessment of internettoegang and a review of the gas stock
# wait for the second EZK user (make run's toetser-ezk).
ASSESSMENT_IN_REVIEW = "as-internettoegang-2026-10-05"
APPROVED_ASSESSMENT = ("as-elektriciteit-landelijk-2024", "toetser-ezk", "2024-03-19T10:12:00Z",
                       "Akkoord: schattingen en cascade nagelopen; categorie A blijft, zoals op "
                       "de nationale lijst.")
REVIEW_IN_REVIEW = dict(
    id="rv-vulgraad-gasopslag-2026-11-24", measure="ms-vulgraad-gasopslag", date="2026-11-24",
    method="test", result="effective",
    findings="Vulgraad op 1 november boven het wettelijke minimum; de rapportage van de "
             "opslagbeheerders kwam op tijd en volledig binnen.",
    status="review", classification="internal", owner="ezk")


# Alternative measures (docs/method.md, "Decisions that agree, or say why
# not"): a fallback option judged not proportionate names the mitigating
# measure chosen instead.
ALTERNATIVE_MEASURES = {
    "fb-noodstroom-opstelpunten": "ms-prioritaire-masten",
    "fb-spoor-handseinen": "ms-afschaalplan-spoor",
}

# The process's own failure (docs/method.md, fallback need): the national
# grid operator's analysis has a scenario in which its own control systems
# are lost; manual operation of the substations bridges it, but only after
# six hours, two more than the grid tolerates. Added after the other risks
# (fixed values, no draw from the random generator, so the rest of the demo
# stays as it was).
OWN_FAILURES = [
    (EL_L, 5, "cybersabotage",
     "Uitval van de netbesturingssystemen (SCADA/EMS) van de landelijk netbeheerder door een "
     "aanval of storing; het hoogspanningsnet is 48 uur niet op afstand te besturen tot de "
     "systemen uit schone back-ups zijn hersteld", "C", 48, True, "fb-tso-handbediening"),
]


def own_failures(doc):
    for f in doc["fallback_options"]:
        if f["id"] in ALTERNATIVE_MEASURES:
            f["alternative_measure"] = ALTERNATIVE_MEASURES[f["id"]]
    for proc, n, threat, text, lik, outage, own, fb in OWN_FAILURES:
        first = next(r for r in doc["risks"] if r["id"] == R(proc, 1))
        doc["risks"].append(dict(
            id=R(proc, n), analysis=first["analysis"], threat=threat, scenario=text,
            likelihood=lik, impacts=dict(first["impacts"]), resilience=dict(first["resilience"]),
            outage_h=outage, own_systems=own, fallback=fb,
            classification=first["classification"], owner=first["owner"]))


def four_eyes(doc):
    for a in doc["assessments"]:
        a["status"] = "review" if a["id"] == ASSESSMENT_IN_REVIEW else "final"
        if a["id"] == APPROVED_ASSESSMENT[0]:
            a["approved_by"], a["approved_at"], a["approval_comment"] = APPROVED_ASSESSMENT[1:]
    for r in doc["reviews"]:
        r["status"] = "final"
    last = max(i for i, r in enumerate(doc["reviews"])
               if r["measure"] == REVIEW_IN_REVIEW["measure"])
    doc["reviews"].insert(last + 1, dict(REVIEW_IN_REVIEW))


# The analyses under NIS2 and CER (finalised after cer_nis2_since) that
# eight processes made in 2025-2026, approved, with their risks reassessed
# (one resilience dimension a step better) and carried by the same
# measures: so on the demo's day 13 processes are overdue and 13 current,
# as in a programme that is under way.
NIS2_ANALYSES = [("effectenverkeer", "2025-01-13", "2025-06-27"),
                 ("olie", "2025-03-03", "2025-09-19"),
                 ("waterkeren", "2025-04-07", "2025-10-24"),
                 ("interbancair-betalingsverkeer", "2025-05-12", "2025-12-05"),
                 ("toonbankbetalingen", "2025-05-12", "2025-12-12"),
                 ("berichtenverkeer-burgers", "2025-06-02", "2026-01-23"),
                 ("scheepvaart", "2025-08-25", "2026-02-20"),
                 ("spraak-sms", "2025-09-08", "2026-03-13")]
DIMENSIONS = ["physical", "digital", "economic", "chain", "crisis_management"]


def nis2_analyses(doc):
    import copy
    names = {p["id"]: p["name"] for p in doc["processes"]}
    for i, (proc, start, fin) in enumerate(NIS2_ANALYSES):
        old = max((a for a in doc["analyses"] if a["process"] == proc and
                   a["status"] == "final" and a["kind"] == "regular"),
                  key=lambda a: a["finalised"])
        year = int(start[:4])
        aid = "an-%s-%d" % (proc, year)
        olds = [r for r in doc["risks"] if r["analysis"] == old["id"]]
        findings = dict(old["findings"])
        findings["policy_law"] = (
            "De analyse is uitgevoerd onder de Cyberbeveiligingswet (NIS2) en de Wet weerbaarheid "
            "kritieke entiteiten (CER); de zorgplicht en de meldplicht zijn per aanbieder "
            "vastgelegd.")
        if "risk_management" in findings:
            findings["risk_management"] = (findings["risk_management"].rstrip(".") +
                                           "; sinds de vorige analyse bijgewerkt met de "
                                           "dreigingsbeelden van 2025.")
        ministry = ministry_of(proc)
        doc["analyses"].append(dict(
            id=aid, process=proc, cycle_year=year, kind="regular", status="final",
            started=start, finalised=fin,
            summary="Weerbaarheidsanalyse %d van '%s' onder NIS2 en CER: %d risico's opnieuw "
                    "beoordeeld; de weerbaarheid is op onderdelen verbeterd." %
                    (year, names[proc], len(olds)),
            findings=findings,
            approved_by="toetser-ezk" if ministry == "ezk" else "beoordelaar-" + ministry,
            approved_at=fin + "T14:00:00Z",
            approval_comment="Akkoord: analyse onder NIS2 en CER; de open punten zijn gewogen en "
                             "belegd in het actieprogramma.",
            classification=old["classification"], owner=old["owner"]))
        for j, r in enumerate(olds):
            new = copy.deepcopy(r)
            new["id"], new["analysis"] = "%s-%d" % (r["id"], year), aid
            res = new.get("resilience")
            if res:
                dim = DIMENSIONS[(i + j) % 5]
                if dim in res and res[dim] < 5:
                    res[dim] += 1
            doc["risks"].append(new)
            for m in doc["measures"]:
                if r["id"] in (m.get("risks") or []):
                    m["risks"].append(new["id"])


# Providers contribute, ministries decide (docs/method.md): the refinery's
# contribution to the ministry's chemistry analysis of 2026, with two
# proposed risks. The ministry's decisions on them (one adopted, one
# declined with its reason) are not records of this document: `vitaal init
# --demo` makes them through the rule itself, from data/demo_decisions.json.
CONTRIBUTIONS = [
    {
        "id": "co-raffinaderij-pernisse-chemie-2026",
        "analysis": "an-chemie-2026",
        "provider": "raffinaderij-pernisse",
        "status": "submitted",
        "summary": "Bijdrage van Raffinaderij Pernisse aan de weerbaarheidsanalyse 2026 van de (petro)chemie.",
        "findings": {
            "risk_management": "De procesbesturing van de kraker is sinds 2025 gesegmenteerd; de koppeling met het kantoornetwerk voor onderhoudsplanning is het zwakke punt.",
            "business_continuity": "Bij uitval van de stoomlevering schakelen de installaties binnen 30 minuten gecontroleerd af; herstart duurt twee tot drie dagen.",
            "incidents": "In 2025 twee phishingcampagnes gericht op procesoperators; geen besmetting van de procesbesturing."
        },
        "submitted_by": "pernisse-hse",
        "submitted_at": "2026-11-16T09:30:00Z",
        "classification": "confidential",
        "owner": "raffinaderij-pernisse"
    }
]
PROPOSED_RISKS = [
    {
        "id": "pr-pernisse-ransomware-2026",
        "contribution": "co-raffinaderij-pernisse-chemie-2026",
        "threat": "ransomware",
        "scenario": "Ransomware via het onderhoudsnetwerk legt de procesbesturing van de kraker stil; noodstop met affakkelen en dagenlange uitval van grondstoffen voor het chemiecluster",
        "likelihood": "C",
        "impacts": {
            "2.1": "D",
            "2.2": "C",
            "3.1": "D",
            "4.1": "C"
        },
        "resilience": {
            "physical": 3,
            "digital": 2,
            "economic": 3,
            "chain": 2,
            "crisis_management": 3
        },
        "classification": "confidential",
        "owner": "raffinaderij-pernisse"
    },
    {
        "id": "pr-pernisse-stoom-2026",
        "contribution": "co-raffinaderij-pernisse-chemie-2026",
        "threat": "uitval-vitale-processen",
        "scenario": "Storing in de eigen warmtekrachtcentrale onderbreekt de stoomlevering; de installaties schakelen gecontroleerd af",
        "likelihood": "B",
        "impacts": {
            "3.1": "E"
        },
        "resilience": {
            "physical": 4,
            "chain": 3
        },
        "classification": "internal",
        "owner": "raffinaderij-pernisse"
    }
]


def contributions(doc):
    doc["contributions"].extend(dict(c) for c in CONTRIBUTIONS)
    doc["proposed_risks"].extend(dict(p) for p in PROPOSED_RISKS)


# Sharing (issue 12): the ministry shares, besides the classification, its
# analysis of the national grid with the grid operator only (TLP:AMBER+STRICT:
# not onward to the operator's daughters) and its drinking-water analysis
# with the water companies (TLP:AMBER). make run's netbeheerder reads the
# first; other providers of the grid do not.
SHARES = [
    ("analyses", "an-elektriciteit-landelijk-2023", "amber+strict", ["hoogspanningsnet-nl"]),
    ("analyses", "an-drinkwater-2023", "amber",
     ["waterbedrijf-noordkust", "drinkwater-midden-delta", "waterleiding-zuidrand"]),
]


def sharing(doc):
    for kind, rid, tlp, orgs in SHARES:
        rec = next(r for r in doc[kind] if r["id"] == rid)
        rec["tlp"] = tlp
        rec["shared_with"] = list(orgs)
# Requests for information (uitvraag, docs/method.md): IenW asks the three
# providers of the (petro)chemistry questions for its analysis of 2026. The
# answers are contributions with the request set. At the demo clock
# (2026-11-27) the newer request has one provider answered and two open
# (one of them with a draft, not an answer until submitted); the older one, due
# 2026-11-20, has one answered and one overdue. The refinery (make run's
# "raffinaderij") can answer the open one in the browser.
REQUESTS = [
    {
        "id": "rq-chemie-procesbesturing-2026",
        "title": "Uitvraag cyberweerbaarheid procesbesturing (chemie)",
        "process": "chemie",
        "to": ["chemiepark-botlek-west", "raffinaderij-pernisse", "zoutchemie-eemsmond"],
        "analysis": "an-chemie-2026",
        "due": "2026-12-18",
        "questions": "Hoe is de procesbesturing (OT) gescheiden van het kantoornetwerk, en wie beheert de koppelingen?\n"
                     "Welke incidenten of pogingen daartoe zag u in 2025 en 2026 op de procesbesturing?\n"
                     "Hoe lang kunt u veilig doorproduceren of gecontroleerd afschakelen zonder de procesbesturing?",
        "status": "open",
        "sent_by": "analist-ienw",
        "sent_at": "2026-11-18T10:00:00Z",
        "classification": "internal",
        "owner": "ienw",
    },
    {
        "id": "rq-chemie-stoom-2026",
        "title": "Uitvraag stoom- en grondstoffenlevering (chemie)",
        "process": "chemie",
        "to": ["zoutchemie-eemsmond", "chemiepark-botlek-west"],
        "analysis": "an-chemie-2026",
        "due": "2026-11-20",
        "questions": "Van welke leveranciers van stoom en grondstoffen bent u afhankelijk, en voor hoeveel uur heeft u voorraad?\n"
                     "Welke uitwijk heeft u bij uitval van de stoomlevering?",
        "status": "open",
        "sent_by": "analist-ienw",
        "sent_at": "2026-11-02T09:00:00Z",
        "classification": "internal",
        "owner": "ienw",
    },
]
REQUEST_ANSWERS = [
    ("rq-chemie-procesbesturing-2026", "chemiepark-botlek-west", "submitted", "2026-11-25T14:20:00Z",
     "botlek-ict",
     "De procesbesturing draait in een eigen netwerk; de enige koppeling is een datadiode naar het "
     "historiesysteem. In 2026 één poging tot phishing op een operator, zonder gevolgen. Zonder "
     "besturing schakelen de installaties binnen 20 minuten veilig af; herstart kost een tot twee dagen."),
    ("rq-chemie-procesbesturing-2026", "zoutchemie-eemsmond", "draft", None, None,
     "Concept: de scheiding tussen procesbesturing en kantoor wordt in het eerste kwartaal van 2027 "
     "opnieuw ingericht; tot dan beheert de leverancier de koppeling op afstand."),
    ("rq-chemie-stoom-2026", "chemiepark-botlek-west", "submitted", "2026-11-12T11:00:00Z",
     "botlek-ict",
     "Stoom komt van de warmtekrachtcentrale op het park en, als uitwijk, van de raffinaderij ernaast. "
     "Grondstoffen via de pijpleiding uit Rotterdam: voorraad voor 36 uur."),
]


def requests(doc):
    doc["requests"].extend(dict(r) for r in REQUESTS)
    for request, provider, status, at, who, text in REQUEST_ANSWERS:
        doc["contributions"].append({
            "id": "%s-%s" % (request, provider), "analysis": "an-chemie-2026",
            "provider": provider, "request": request, "status": status, "summary": text,
            "findings": {}, "submitted_by": who, "submitted_at": at,
            "classification": "internal", "owner": provider})


def cascade_count(doc, proc):
    """The cascade criterion of the vitaalbeoordeling (docs/method.md): the
    other sectors in which a vital process is down at least the minimum hours
    when proc fails alone (settings of the catalogue)."""
    sector = {p["id"]: p["sector"] for p in doc["processes"]}
    vital = {p["id"]: p["category"] != "none" for p in doc["processes"]}
    unit = CAT_SETTINGS.get("assess_cascade_unit", "sectors")
    min_down = int(CAT_SETTINGS.get("assess_cascade_min_down_h", "1"))
    res = simulate(doc, {proc}, int(CAT_SETTINGS["assess_outage_h"]),
                   int(CAT_SETTINGS["assess_horizon_h"]))
    hits = [n for n, r in res.items() if n != proc and vital[n] and r["down_h"] >= min_down
            and (unit == "processes" or sector[n] != sector[proc])]
    return len({sector[n] for n in hits}) if unit == "sectors" else len(hits)


def meets(criterion, value, cat):
    """Whether value meets the criterion's threshold of category cat."""
    row = CAT_VITAAL[criterion]
    t = row["category_%s_above" % cat.lower()]
    if t == "":
        return False
    return value >= float(t) if row.get("comparator") == "at_least" else value > float(t)


def decided_by(impacts, cat):
    if cat == "none":
        return []
    return [k for k in CAT_VITAAL if k in impacts and meets(k, impacts[k], cat)]


def ordered(kind, rec):
    out = {}
    for f in FIELDS[kind]:
        v = rec.get(f)
        if v is None:
            continue
        out[f] = None if v is NULL else v
    return out


# Compliance per entity (issue 12 part 6): Financiën sent the NIS2
# framework (data/frameworks/nis2-art21.yaml, loaded by `vitaal init`) as a
# questionnaire to the providers of giraal betalingsverkeer and
# toonbankbetalingen; the campaign is in progress: one provider answered
# most requirements, one a few, the others nothing yet. A provider's
# answers are its own (owner) and internal.
CAMPAIGN = dict(
    id="camp-nis2-betalingsverkeer-2026", title="NIS2-zelfevaluatie betalingsverkeer 2026",
    framework="urn:vitaal:framework:nis2",
    to=["betaalverwerking-nederland", "clearinghuis-lage-landen", "polderbank", "kustbank",
        "pinpunt-acquiring"],
    due="2027-01-15", status="open", classification="internal", owner="fin")
RA = {"c": "compliant", "p": "partially_compliant", "n": "non_compliant", "x": "not_applicable"}
# provider, assessor, date, {requirement suffix: (result, remarks)}
ANSWERS = [
    ("clearinghuis-lage-landen", "ciso@clearinghuis", "2026-11-18", {
        "21.2.a": ("c", "Risicobeleid vastgesteld door de raad van bestuur, jaarlijks herzien."),
        "21.2.b": ("c", "CSIRT 24/7; incidentproces geoefend in oktober 2026."),
        "21.2.c": ("p", "Uitwijklocatie getest; herstelplan voor de settlementketen nog in "
                        "concept."),
        "21.2.d": ("p", "Contractuele eisen aan de twee kritieke leveranciers; audits gepland "
                        "in 2027."),
        "21.2.e": ("c", "Kwetsbaarhedenbeheer volgens het eigen SDLC-beleid."),
        "21.2.g": ("c", "Bewustwordingsprogramma voor alle medewerkers."),
        "21.2.h": ("c", "Versleuteling van alle berichten op de clearinglink."),
        "21.2.i": ("p", "Toegangsbeheer herzien; periodieke hercertificering nog niet "
                        "volledig."),
        "21.2.j": ("c", "MFA voor alle beheeraccounts en externe toegang."),
        "23.1": ("c", "Meldprocedure bij het CSIRT-FIN ingericht."),
    }),
    ("betaalverwerking-nederland", "security-officer@betaalverwerking", "2026-11-27", {
        "21.2.a": ("c", "ISMS volgens ISO 27001, gecertificeerd."),
        "21.2.b": ("p", "Incidentafhandeling belegd; de 24-uurs vroegtijdige waarschuwing "
                        "nog niet geoefend."),
        "21.2.f": ("n", "Nog geen vaste toets op de effectiviteit van maatregelen."),
        "23.4.d": ("x", "Geen grensoverschrijdende dienstverlening."),
    }),
]
NIS2_FRAMEWORK_REQ = "urn:vitaal:req_node:nis2:"


def compliance(doc):
    doc["campaigns"].append(dict(CAMPAIGN))
    for provider, assessor, date, answers in ANSWERS:
        for suffix, (result, remarks) in answers.items():
            doc["requirement_assessments"].append(dict(
                id="ra-%s-nis2-%s" % (provider, suffix.replace(".", "-")), provider=provider,
                requirement=NIS2_FRAMEWORK_REQ + suffix, result=RA[result], remarks=remarks,
                assessor=assessor, date=date, classification="internal", owner=provider))


def document(doc):
    out = {"format": "vitaal", "version": DOCUMENT_VERSION}
    for kind in KINDS:
        if doc[kind]:
            out[kind] = [ordered(kind, r) for r in doc[kind]]
    return out


# --------------------------------------------------------------------------
# Checks (the importer is the authority; this catches mistakes early)

ENUMS = {
    ("organisations", "kind"): ["ministry", "provider", "coordinator", "other"],
    ("services", "kind"): ["cloud", "software", "satellite", "fuel", "telecom", "other"],
    ("processes", "category"): ["A", "B", "none"],
    ("assessments", "category"): ["A", "B", "none"],
    ("provider_links", "nis2_entity"): ["essential", "important", "none"],
    ("analyses", "kind"): ["regular", "quickscan"],
    ("analyses", "status"): ["draft", "review", "final"],
    ("risks", "likelihood"): list("ABCDE"),
    ("fallback_options", "kind"): ["analogue", "digital", "alternative_supplier"],
    ("fallback_options", "needed"): ["yes", "no", "unknown"],
    ("measures", "kind"): ["redundancy", "stockpile", "alternative_method", "regulation", "other"],
    ("measures", "scope"): ["sectoral", "cross_sectoral"],
    ("measures", "status"): ["proposed", "planned", "in_progress", "done", "cancelled"],
    ("reviews", "method"): ["exercise", "test", "audit", "incident"],
    ("reviews", "result"): ["effective", "partly_effective", "ineffective", "inconclusive"],
}
REFS = {
    "parent": "organisations", "owner": "organisations", "ministry": "organisations",
    "provider": "organisations", "sector": "sectors", "eu_sector": "sectors", "theme": "threats",
    "process": "processes", "event": "events", "analysis": "analyses", "threat": "threats",
    "fallback": "fallback_options", "measure": "measures", "effect_dependency": "dependencies",
    "alternative_measure": "measures", "request": "requests",
    # framework: ids of data/frameworks/*.yaml, which `vitaal init` loads (not in this document)
    "effect_supplier": "processes", "effect_risk": "risks", "effect_criterion": "impact_criteria",
}
LIST_REFS = {"processes": "processes", "suppliers": "processes", "risks": "risks",
             "supplier_services": "services",
             "decided_by": "vitaal_criteria", "to": "organisations"}


# model.c's F_APPROVAL: the fields four eyes sets
APPROVAL_FIELDS = ["approved_by", "approved_at", "approval_comment", "rejection"]


def model_drift():
    """Differences between FIELDS and src/store/model.c, when it is there."""
    import re
    path = os.path.join(ROOT, "src", "store", "model.c")
    if not os.path.exists(path):
        return []
    src = open(path, encoding="utf-8").read()
    structs = {}
    for m in re.finditer(r"static const struct field (\w+)\[\] = \{(.*?)\n\};", src, re.S):
        names = re.findall(r'(?:(F_ID)|(F_APPROVAL)|\.name = "(\w+)"|'
                           r'(?:TEXT|REF|ENUM|INT|REAL|BOOL|DATE|DATETIME|REFLIST|TRANSLATIONS)'
                           r'\(\s*"(\w+)")',
                           m.group(2))
        fields = []
        for a, approval, b, c in names:
            fields += (["id"] if a else APPROVAL_FIELDS if approval else [b or c])
        if "F_COMMON" in m.group(2):
            fields += ["classification", "owner"] + SHARING_FIELDS
        structs[m.group(1)] = fields
    kinds = re.findall(r'KIND\((\w+),\s*"(\w+)",\s*"\w+",\s*(\w+),', src)
    problems = []
    for _, name, struct in kinds:
        if FIELDS.get(name) != structs.get(struct):
            problems.append("model.c: %s is %s, gen-demo.py has %s" %
                            (name, structs.get(struct), FIELDS.get(name)))
    array = re.search(r"model_kinds\[\] = \{(.*?)\};", src, re.S)
    var_name = {v: n for v, n, _ in kinds}
    order = [var_name.get(v) for v in re.findall(r"&(\w+)", array.group(1))] if array else KINDS
    if order != KINDS:
        problems.append("model.c: kinds in order %s" % order)
    return problems


def check(out):
    import re
    errors = model_drift()
    ids = {k: set() for k in KINDS}
    for kind in ("organisations", "sectors", "threats", "processes", "impact_criteria",
                 "vitaal_criteria", "likelihood_classes"):
        ids[kind] |= {r["id"] for r in read_catalogue(kind)}
    seen = {k: set() for k in KINDS}
    for kind in KINDS:
        for r in out.get(kind, []):
            if r["id"] in seen[kind]:
                errors.append("%s %s: duplicate id" % (kind, r["id"]))
            seen[kind].add(r["id"])
            ids[kind].add(r["id"])
    idre = re.compile(r"^[a-z0-9][a-z0-9-]*$")
    datere = re.compile(r"^\d{4}-\d\d-\d\d$")
    dtre = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    for kind in KINDS:
        for r in out.get(kind, []):
            where = "%s %s" % (kind, r["id"])
            if kind not in ("processes", "threats", "settings") and not idre.match(r["id"]):
                errors.append(where + ": id not a slug")
            if list(r) != [f for f in FIELDS[kind] if f in r]:
                errors.append(where + ": keys out of order")
            if r.get("classification") not in ("public", "internal", "confidential", "secret"):
                errors.append(where + ": classification")
            for f, v in r.items():
                if f in REFS and v is not None and v not in ids[REFS[f]]:
                    errors.append("%s: %s -> unknown %s %s" % (where, f, REFS[f], v))
                if f in LIST_REFS and kind != "events" or (kind == "events" and f == "processes"):
                    if isinstance(v, list):
                        tgt = LIST_REFS[f]
                        for x in v:
                            if x not in ids[tgt]:
                                errors.append("%s: %s -> unknown %s %s" % (where, f, tgt, x))
                        if len(set(v)) != len(v):
                            errors.append(where + ": duplicate in " + f)
                if (kind, f) in ENUMS and v not in ENUMS[(kind, f)]:
                    errors.append("%s: %s=%r" % (where, f, v))
                if f in ("date", "occurred", "started", "finalised", "due", "follow_up",
                         "cer_identified", "cer_notified") and not datere.match(v):
                    errors.append("%s: %s=%r not a date" % (where, f, v))
                if f.endswith("_at") and not dtre.match(v):
                    errors.append("%s: %s=%r not a datetime" % (where, f, v))
            if kind == "analyses":
                if (r["status"] == "final") != ("finalised" in r):
                    errors.append(where + ": finalised date iff final")
                if "finalised" in r and r["finalised"] < r["started"]:
                    errors.append(where + ": finalised before started")
                if (r["kind"] == "quickscan") != ("event" in r):
                    errors.append(where + ": event iff quickscan")
            if kind == "risks":
                if not 3 <= len(r["impacts"]) <= 6:
                    errors.append(where + ": 3-6 impacts")
                for c, v in r["impacts"].items():
                    if c not in ids["impact_criteria"] or v not in "ABCDE":
                        errors.append(where + ": impact %s=%s" % (c, v))
            if kind == "assessments":
                cat = category_of(r["impacts"])
                if cat != r["category"]:
                    errors.append("%s: impacts give %s, record says %s" % (where, cat, r["category"]))
                if r.get("based_on") and r["based_on"] not in ids["assessments"]:
                    errors.append("%s: based_on -> unknown assessment %s" % (where, r["based_on"]))
            if kind == "risks" and r.get("fallback"):
                fb = next(x for x in out["fallback_options"] if x["id"] == r["fallback"])
                an = next(x for x in out["analyses"] if x["id"] == r["analysis"])
                if fb["process"] != an["process"]:
                    errors.append(where + ": fallback belongs to another process")
            if kind == "fallback_options" and r.get("proportionate") is False \
                    and not r.get("alternative_measure"):
                errors.append(where + ": not proportionate without an alternative measure")
            if kind == "dependencies" and r.get("fallback"):
                fb = next(x for x in out["fallback_options"] if x["id"] == r["fallback"])
                if fb["process"] != r["process"]:
                    errors.append(where + ": fallback belongs to another process")
            if kind == "measures" and r.get("effect"):
                need = {"add_supplier": ["effect_dependency", "effect_supplier"],
                        "add_buffer": ["effect_dependency", "effect_hours"],
                        "add_fallback": ["effect_dependency", "effect_activation_h",
                                         "effect_duration_h"],
                        "likelihood": ["effect_risk", "effect_class"],
                        "impact": ["effect_risk", "effect_criterion", "effect_class"]}[r["effect"]]
                for f in need:
                    if f not in r:
                        errors.append("%s: effect %s without %s" % (where, r["effect"], f))
                if r["effect"] == "impact":
                    risk = next(x for x in out["risks"] if x["id"] == r["effect_risk"])
                    if r["effect_criterion"] not in risk["impacts"]:
                        errors.append(where + ": effect_criterion not scored on the risk")
                if "effect_risk" in r and r["effect_risk"] not in r.get("risks", []):
                    errors.append(where + ": effect_risk not among its risks")
            if kind == "incidents" and r["detected_at"][:10] > TODAY:
                errors.append(where + ": in the future")
            if kind == "reviews" and r["result"] in ("partly_effective", "ineffective") and \
                    not ("adjustment" in r and "follow_up" in r):
                errors.append(where + ": (partly) ineffective without adjustment and follow_up")
            if kind == "reviews" and "follow_up" in r and r["follow_up"] < r["date"]:
                errors.append(where + ": follow_up before the review")
            if kind == "provider_links" and ("cer_identified" in r or "cer_notified" in r):
                if not r["cer_critical"] or "cer_identified" not in r:
                    errors.append(where + ": CER dates without cer_critical or identification")
                elif r.get("cer_notified", "9999") < r["cer_identified"]:
                    errors.append(where + ": notified before identified")
            for f in ("due", "date", "started", "finalised", "occurred", "cer_identified",
                      "cer_notified"):
                # the due days of measures, campaigns and requests are ahead by nature
                if kind not in ("measures", "campaigns", "requests") and f in r and r[f] > TODAY:
                    errors.append("%s: %s after %s" % (where, f, TODAY))
    # the latest assessment of every process agrees with the national list
    latest = {}
    for a in out.get("assessments", []):
        if a["process"] not in latest or (a["date"], a["id"]) > (latest[a["process"]]["date"],
                                                                 latest[a["process"]]["id"]):
            latest[a["process"]] = a
    for p in out["processes"]:
        if p["id"] not in latest:
            errors.append("processes %s: no assessment" % p["id"])
        elif latest[p["id"]]["category"] != p["category"]:
            errors.append("processes %s: catalogue category %s, latest assessment %s gives %s"
                          % (p["id"], p["category"], latest[p["id"]]["id"],
                             latest[p["id"]]["category"]))
    return errors


def category_of(impacts):
    for cat in ("A", "B"):
        if any(meets(k, v, cat) for k, v in impacts.items()):
            return cat
    return "none"


# --------------------------------------------------------------------------
# The cascade model of method/cascade-model.md, for reviewing the demo data.

def simulate(out, failed, outage_h, horizon_h):
    # services are nodes without inputs of their own (issue 20 part 4)
    nodes = [p for p in CAT_PROCESSES] + [r["id"] for r in out["services"]]
    rec = {r["id"]: r.get("recovery_h", 0) for r in out["processes"] + out["services"]}
    fbs = {f["id"]: f for f in out["fallback_options"]}
    inputs = []
    for d in out["dependencies"]:
        fb = fbs.get(d.get("fallback"))
        fbw = (fb["activation_h"], fb["duration_h"]) if fb and fb.get("available") else None
        inputs.append((d["process"], d["suppliers"] + d.get("supplier_services", []),
                       d.get("buffer_h", 0), fbw))
    lam = [0] * len(inputs)
    cond_hist = {n: [] for n in nodes}
    down_hist = {n: [] for n in nodes}

    def bridged(g, L):
        _, _, buf, fb = inputs[g]
        return L == 0 or L <= buf or (fb is not None and fb[0] < L <= fb[0] + fb[1])

    for t in range(horizon_h):
        down = {n for n in failed if t < outage_h}
        for n in nodes:
            if any(cond_hist[n][tau] for tau in range(max(0, t - rec[n]), t)):
                down.add(n)
        while True:
            newlam = [0 if any(s not in down for s in sup) else lam[g] + 1
                      for g, (_, sup, _, _) in enumerate(inputs)]
            cond = {n: False for n in nodes}
            for g, (n, _, _, _) in enumerate(inputs):
                if not bridged(g, newlam[g]):
                    cond[n] = True
            nd = down | {n for n in nodes if cond[n]}
            if nd == down:
                break
            down = nd
        lam = newlam
        for n in nodes:
            cond_hist[n].append(cond[n])
            down_hist[n].append(n in down)
    result = {}
    for n in nodes:
        hs = down_hist[n]
        if not any(hs):
            continue
        iv, start = [], None
        for t, d in enumerate(hs + [False]):
            if d and start is None:
                start = t
            if not d and start is not None:
                iv.append([start, t])
                start = None
        result[n] = {"first_down_h": hs.index(True), "down_h": sum(hs), "intervals": iv}
    return result


def print_cascade(res, horizon_h):
    rows = sorted(res.items(), key=lambda kv: (kv[1]["first_down_h"], kv[0]))
    print("affected: %d of %d processes" % (len(res), len(CAT_PROCESSES)))
    for n, r in rows:
        bar = "".join("#" if any(a <= t < b for a, b in r["intervals"]) else "."
                      for t in range(horizon_h))
        print("%-30s first %3d  down %3d  %s" % (n, r["first_down_h"], r["down_h"], r["intervals"]))
        print("  " + bar)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default=os.path.join(ROOT, "data", "demo.json"))
    ap.add_argument("--check", action="store_true", help="check the data and print counts")
    ap.add_argument("--cascade", metavar="PROCESS", action="append",
                    help="simulate a failure of PROCESS (repeatable)")
    ap.add_argument("--outage-h", type=int, default=24)
    ap.add_argument("--horizon-h", type=int, default=72)
    ap.add_argument("--json", action="store_true",
                    help="with --cascade: print the result as JSON (the results of "
                         "method/cascade-model.md), e.g. for tests/data/")
    args = ap.parse_args()
    out = document(build())
    if args.check or args.cascade:
        errors = check(out)
        for e in errors:
            print("error: " + e, file=sys.stderr)
        if args.check:
            for kind in KINDS:
                if kind in out:
                    print("%-20s %4d" % (kind, len(out[kind])))
        if args.cascade:
            res = simulate(out, set(args.cascade), args.outage_h, args.horizon_h)
            if args.json:
                nodes = [dict(id=n, **r) for n, r in sorted(res.items())]
                doc = {"failed": sorted(set(args.cascade)), "outage_h": args.outage_h,
                       "horizon_h": args.horizon_h, "affected": len(res), "nodes": nodes}
                # one node per line keeps the file short and reviewable
                text = json.dumps(doc, separators=(", ", ": "))
                text = text.replace('"nodes": [', '"nodes": [\n  ').replace("}, {", "},\n  {")
                print(text)
            else:
                print_cascade(res, args.horizon_h)
        return 1 if errors else 0
    text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
