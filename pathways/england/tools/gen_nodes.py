#!/usr/bin/env python3
"""Generate pathways/england/nodes/*.toml.

The long guarded route lists ("go to the first step that applies") are
mechanical, so they are generated here; the wording lives in this file too.
"""
import json
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "/work/main/pathways/england/nodes"

ALL_AGENCIES = [
    "school", "early_years", "health", "police", "british_transport_police",
    "childrens_social_care", "adult_social_care", "housing", "probation", "prison",
    "secure_estate", "youth_justice", "childrens_home", "cafcass", "immigration_border",
    "armed_forces", "public_health", "vcse", "sport", "other",
]
ORG_AGENCIES = [a for a in ALL_AGENCIES if a != "other"]
ALWAYS_DSL = ["school", "early_years", "health"]
POLICE = ["police", "british_transport_police"]

CONCERNS = [
    "allegation_against_adult_working_with_children",
    "fgm_known",
    "fgm_at_risk",
    "radicalisation_concern",
    "modern_slavery_or_trafficking",
    "child_exploitation",
    "missing",
    "domestic_abuse",
    "private_fostering",
    "unborn_baby",
    "homeless_16_17",
    "adult_with_children",
    "parent_carer_of_disabled_child",
    "prisoner_posing_risk_to_children",
]
# Concerns that are significant harm in themselves: the significant-harm
# question is not asked, and children's social care are phoned now.
SH_CONCERNS = ["fgm_known", "fgm_at_risk", "modern_slavery_or_trafficking", "child_exploitation"]

# The duty chain, in walk order: (node id, guard). The first whose guard holds
# is the next node. Every chain ends at "end".
DUTY_CHAIN = [
    ("act-inform-dsl", {"agency": ORG_AGENCIES}),
    ("allegation-removed", {"allegation_against_adult_working_with_children": "yes"}),
    ("domestic-abuse-risk", {"domestic_abuse": "yes"}),
    ("act-prevent", {"radicalisation_concern": "yes"}),
    ("act-nrm", {"modern_slavery_or_trafficking": "yes"}),
    ("act-missing", {"missing": "yes"}),
    ("act-private-fostering", {"private_fostering": "yes"}),
    ("act-pre-birth", {"unborn_baby": "yes"}),
    ("act-homeless-16-17", {"homeless_16_17": "yes"}),
    ("act-check-csc-known", {"adult_with_children": "yes"}),
    ("act-carers-assessment", {"parent_carer_of_disabled_child": "yes"}),
    ("act-pprc", {"prisoner_posing_risk_to_children": "yes"}),
    ("fgm-regulated", {"fgm_known": "yes"}),
]


def chain_from(after=None, extra=None):
    """Routes to the first applicable duty after `after` (None: from the top)."""
    ids = [n for n, _ in DUTY_CHAIN]
    start = 0 if after is None else ids.index(after) + 1
    routes = []
    for nid, guard in DUTY_CHAIN[start:]:
        g = dict(extra or {})
        g.update(guard)
        routes.append({"when": g, "to": nid})
    routes.append({"when": dict(extra) if extra else None, "to": "end"})
    return routes


# ------------------------------------------------------------------ tiny TOML writer

def q(s):
    return json.dumps(s, ensure_ascii=False)


def val(v):
    if isinstance(v, str):
        return q(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(val(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {val(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def emit_node(n):
    out = ["[[node]]"]
    for k in ("id", "kind", "title", "help", "fact", "outcome", "text", "source"):
        if k in n:
            out.append(f"{k} = {val(n[k])}")
    for a in n.get("answers", []):
        out.append("[[node.answer]]")
        for k in ("value", "label", "next"):
            out.append(f"{k} = {val(a[k])}")
    for it in n.get("items", []):
        out.append("[[node.item]]")
        out.append(f"fact = {val(it['fact'])}")
        out.append(f"label = {val(it['label'])}")
    routes = n.get("routes", [])
    for r in routes:
        out.append("[[node.route]]")
        if r.get("when"):
            out.append(f"when = {val(r['when'])}")
        out.append(f"to = {val(r['to'])}")
    return "\n".join(out) + "\n"


def write(name, header, nodes):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write(header.strip() + "\n\n")
        f.write("\n".join(emit_node(n) for n in nodes))
    print("wrote", path)


# ------------------------------------------------------------------ 1. danger first

start_nodes = [
    {
        "id": "immediate-danger",
        "kind": "question",
        "title": "Is a child in danger right now?",
        "help": "Answer Yes if a child could be seriously hurt before anyone else can step in. For example: someone is hurting or threatening them now, a young child has been left alone, or a child is missing and at risk.",
        "fact": "immediate_danger",
        "source": ["000 §5.5", "001 Police", "ca-1989 s46"],
        "answers": [
            {"value": "yes", "label": "Yes, a child is in danger now", "next": "act-danger-csc"},
            {"value": "no", "label": "No, not right now", "next": "concerns"},
        ],
    },
    {
        "id": "act-danger-csc",
        "kind": "action",
        "outcome": "refer-csc-immediately",
        "title": "Phone children's social care as soon as the child is safe",
        "text": "A child in danger now is at risk of significant harm, so children's social care must know today. Deal with the danger first.",
        "source": ["000 §2", "000 §5.5", "ca-1989 s47"],
        "routes": [
            {"when": {"agency": POLICE}, "to": "act-police-protection"},
            {"to": "act-call-999"},
        ],
    },
    {
        "id": "act-police-protection",
        "kind": "action",
        "outcome": "police-protection",
        "title": "Consider police protection powers",
        "text": "You work for the police, so you can act yourself. You do not need to call 999.",
        "source": ["000 §5.5", "000 §5.6", "001 Police", "001 British Transport Police", "ca-1989 s46"],
        "routes": [{"to": "concerns"}],
    },
    {
        "id": "act-call-999",
        "kind": "action",
        "outcome": "call-999",
        "title": "Call 999 now",
        "text": "Call 999 first. Everything else can wait until the child is safe.",
        "source": ["000 §5.5", "police-uk"],
        "routes": [{"to": "concerns"}],
    },
]

# ------------------------------------------------------------------ 2. the concerns, and the spine

concern_items = [
    ("allegation_against_adult_working_with_children",
     "Someone who works or volunteers with children may have harmed a child, or may not be safe to work with children"),
    ("fgm_known",
     "A girl has told you that female genital mutilation (FGM), sometimes called cutting, was done to her, or you have seen signs of it"),
    ("fgm_at_risk",
     "A girl may be at risk of female genital mutilation (FGM), for example she may be taken abroad to have it done"),
    ("radicalisation_concern",
     "The child may be being drawn into terrorism or extremism"),
    ("modern_slavery_or_trafficking",
     "The child may have been trafficked or be in modern slavery, including being moved around to sell drugs (county lines)"),
    ("child_exploitation",
     "The child may be sexually or criminally exploited, for example made to have sex or to carry drugs or money for others"),
    ("missing",
     "The child is missing: nobody knows where they are"),
    ("domestic_abuse",
     "There is domestic abuse in the child's home"),
    ("private_fostering",
     "A child under 16 (18 if disabled) lives, or will live, for 28 days or more with someone who is not a parent or close relative, by private arrangement"),
    ("unborn_baby",
     "Your worry is about a baby who is not born yet"),
    ("homeless_16_17",
     "A young person aged 16 or 17 is homeless, or about to be"),
    ("adult_with_children",
     "An adult you work with lives with, cares for, or has or wants contact with children, and may be a risk to them"),
    ("parent_carer_of_disabled_child",
     "An adult caring for a disabled child may need support as a carer"),
    ("prisoner_posing_risk_to_children",
     "A prisoner who poses a risk to children is arriving, moving, going out on temporary licence, or being released"),
]
assert [f for f, _ in concern_items] == CONCERNS

concerns_routes = []
# In danger: children's social care were already named on the danger branch.
concerns_routes += chain_from(None, extra={"immediate_danger": "yes"})
for f in SH_CONCERNS:
    concerns_routes.append({"when": {f: "yes"}, "to": "act-refer-csc-now"})
concerns_routes.append({"to": "significant-harm"})

none_of_the_concerns = {f: "no" for f in CONCERNS}

spine_nodes = [
    {
        "id": "concerns",
        "kind": "checklist",
        "title": "Do any of these apply? Tick all that do.",
        "help": "Tick what you know or suspect. You do not need proof. If none of them apply, tick nothing and carry on. Each one has its own legal duty or procedure, so the pathway asks about them all together.",
        "source": [
            "001 People in positions of trust",
            "fgm-act-2003 s5B",
            "fgm-guidance",
            "004 ¶12",
            "000 §5.5",
            "000 §5.6",
            "000 §5.1",
            "002 §3.12",
            "local-pre-birth",
            "000 §5.2",
            "000 §5.7",
            "001 Prison Service",
        ],
        "items": [{"fact": f, "label": l} for f, l in concern_items],
        "routes": concerns_routes,
    },
    {
        "id": "significant-harm",
        "kind": "question",
        "title": "Do you think the child is being seriously harmed, or is likely to be?",
        "help": "The law calls this significant harm. It can be physical, sexual or emotional abuse, or neglect. You do not need proof: a reasonable suspicion is enough. If you suspect it, answer Yes. The next steps will tell you who to ask for advice.",
        "fact": "significant_harm",
        "source": ["004 opening (s47 Children Act 1989)", "000 §2", "ca-1989 s47"],
        "answers": [
            {"value": "yes", "label": "Yes, or I suspect so", "next": "act-refer-csc-now"},
            {"value": "no", "label": "No", "next": "needs"},
        ],
    },
    {
        "id": "needs",
        "kind": "checklist",
        "title": "Does the child or family need extra help? Tick any that apply.",
        "help": "Think about the child's health, development, learning and home life. If neither applies, tick nothing and carry on.",
        "source": ["004 opening (s17 Children Act 1989)", "ca-1989 s17", "003 Local authorities", "002 §2.15"],
        "items": [
            {"fact": "child_in_need",
             "label": "The child is unlikely to stay healthy or develop well without help from the council's children's services, or the child is disabled"},
            {"fact": "additional_needs",
             "label": "The child or family needs more help than everyday services (like school, nursery or the doctor) can give, for example with parenting, money, housing or behaviour"},
        ],
        "routes": (
            [
                {"when": {"child_in_need": "yes"}, "to": "act-refer-csc-cin"},
                {"when": {"additional_needs": "yes"}, "to": "act-early-help"},
                {"when": none_of_the_concerns, "to": "act-universal-support"},
            ]
            + chain_from(None)
        ),
    },
    {
        "id": "act-refer-csc-now",
        "kind": "action",
        "outcome": "refer-csc-immediately",
        "title": "Phone children's social care now",
        "source": ["000 §2", "004 opening (s47 Children Act 1989)", "wt-2023 chapter 3", "fgm-guidance", "msa-2015"],
        "routes": chain_from(None),
    },
    {
        "id": "act-refer-csc-cin",
        "kind": "action",
        "outcome": "refer-csc-child-in-need",
        "title": "Refer to children's social care for a child in need assessment",
        "source": ["004 opening (s17 Children Act 1989)", "ca-1989 s17"],
        "routes": chain_from(None),
    },
    {
        "id": "act-early-help",
        "kind": "action",
        "outcome": "early-help",
        "title": "Offer early help",
        "source": ["003 Local authorities", "002 §2.15"],
        "routes": chain_from(None),
    },
    {
        "id": "act-universal-support",
        "kind": "action",
        "outcome": "universal-support",
        "title": "No referral now: keep supporting the child, write it down, and review",
        "text": "Nothing you have told us needs a referral now.",
        "source": ["002 §2.15", "002 §2.14 Case C"],
        # Schools, early years and health staff tell their lead about every worry.
        "routes": [
            {"when": {"agency": ALWAYS_DSL}, "to": "act-inform-dsl"},
            {"to": "end"},
        ],
    },
]

# ------------------------------------------------------------------ 3. the specific duties

duty_nodes = [
    {
        "id": "act-inform-dsl",
        "kind": "action",
        "outcome": "inform-dsl",
        "title": "Tell your safeguarding lead",
        "text": "In a school, college or early years setting this is your designated safeguarding lead (DSL). In health it is your named or designated professional.",
        "source": [
            "001 Section 11 of the Children Act 2004",
            "001 Early years and childcare",
            "001 Designated health professionals",
            "003 Schools, colleges and other educational providers",
            "000 §5.16",
            "kcsie",
        ],
        "routes": chain_from("act-inform-dsl"),
    },
    {
        "id": "allegation-removed",
        "kind": "question",
        "title": "Has the organisation removed this person from their work with children?",
        "help": "Answer Yes if they were dismissed, or taken off work with children, because they harmed a child or could be a risk. Also answer Yes if they would have been, but they left first. If they are only suspended while enquiries go on, answer No: the designated officer will advise later.",
        "fact": "removed_from_regulated_activity",
        "source": ["001 People in positions of trust", "dbs-barring"],
        "answers": [
            {"value": "yes", "label": "Yes, or they would have been if they had not left", "next": "act-dbs"},
            {"value": "no", "label": "No, or not yet", "next": "act-lado"},
        ],
    },
    {
        "id": "act-dbs",
        "kind": "action",
        "outcome": "dbs-referral",
        "title": "Refer the person to the Disclosure and Barring Service (DBS)",
        "source": ["001 People in positions of trust", "dbs-barring"],
        "routes": [{"to": "act-lado"}],
    },
    {
        "id": "act-lado",
        "kind": "action",
        "outcome": "lado-referral",
        "title": "Tell a senior manager now, and the local authority designated officer (LADO) within one working day",
        "source": ["001 People in positions of trust", "003 Children's social care services"],
        "routes": chain_from("allegation-removed"),
    },
    {
        "id": "domestic-abuse-risk",
        "kind": "question",
        "title": "Is the adult victim of the domestic abuse at high risk?",
        "help": "Answer Yes if a risk checklist, such as the domestic abuse, stalking, harassment and honour-based violence (DASH) checklist, puts them at high risk. Also answer Yes if your professional judgement says they are at high risk of serious harm or of being killed. If no checklist has been done yet and you do not think the risk is high, answer No.",
        "fact": "domestic_abuse_high_risk",
        "source": ["marac-practice"],
        "answers": [
            {"value": "yes", "label": "Yes, high risk", "next": "act-marac"},
            {"value": "no", "label": "No, or not known yet", "next": "act-dash"},
        ],
    },
    {
        "id": "act-marac",
        "kind": "action",
        "outcome": "marac-referral",
        "title": "Refer to the multi-agency risk assessment conference (MARAC)",
        "source": ["marac-practice"],
        "routes": [{"to": "act-dash"}],
    },
    {
        "id": "act-dash",
        "kind": "action",
        "outcome": "dash-risk-assessment",
        "title": "Do a domestic abuse risk assessment (DASH) with the adult victim",
        "source": ["marac-practice", "000 §5.5"],
        "routes": chain_from("domestic-abuse-risk"),
    },
    {
        "id": "act-prevent",
        "kind": "action",
        "outcome": "prevent-referral",
        "title": "Make a Prevent referral",
        "source": ["prevent-duty", "004 ¶12"],
        "routes": chain_from("act-prevent"),
    },
    {
        "id": "act-nrm",
        "kind": "action",
        "outcome": "nrm-referral",
        "title": "Refer a possible victim of trafficking or modern slavery",
        "source": ["msa-2015", "004 ¶12"],
        "routes": chain_from("act-nrm"),
    },
    {
        "id": "act-missing",
        "kind": "action",
        "outcome": "report-missing",
        "title": "Report the missing child to the police",
        "source": ["000 §5.6", "001 Children's homes", "missing-guidance"],
        "routes": chain_from("act-missing"),
    },
    {
        "id": "act-private-fostering",
        "kind": "action",
        "outcome": "notify-private-fostering",
        "title": "Tell children's social care about private fostering",
        "source": ["002 §3.12", "ca-1989 s66"],
        "routes": chain_from("act-private-fostering"),
    },
    {
        "id": "act-pre-birth",
        "kind": "action",
        "outcome": "pre-birth-referral",
        "title": "Refer the unborn baby to children's social care",
        "source": ["local-pre-birth"],
        "routes": chain_from("act-pre-birth"),
    },
    {
        "id": "act-homeless-16-17",
        "kind": "action",
        "outcome": "refer-homeless-16-17",
        "title": "Refer the homeless 16 or 17 year old to children's social care",
        "source": ["000 §5.2", "001 Housing services", "joint-16-17"],
        "routes": chain_from("act-homeless-16-17"),
    },
    {
        "id": "act-check-csc-known",
        "kind": "action",
        "outcome": "check-csc-known",
        "title": "Check with children's social care whether the children are known",
        "source": ["000 §5.7", "001 Probation Service"],
        "routes": chain_from("act-check-csc-known"),
    },
    {
        "id": "act-carers-assessment",
        "kind": "action",
        "outcome": "carers-assessment",
        "title": "Tell the carer about their right to a carer's assessment",
        "source": ["000 §5.1", "ca-1989 s17ZD"],
        "routes": chain_from("act-carers-assessment"),
    },
    {
        "id": "act-pprc",
        "kind": "action",
        "outcome": "pprc-notifications",
        "title": "Send the notifications for a prisoner who poses a risk to children",
        "source": ["001 Prison Service"],
        "routes": chain_from("act-pprc"),
    },
    {
        "id": "fgm-regulated",
        "kind": "question",
        "title": "Are you a teacher, or a registered health or social care professional?",
        "help": "For example a doctor, nurse, midwife, health visitor, dentist, pharmacist, paramedic, or a social worker registered with Social Work England. If you are, the law says you must report known female genital mutilation (FGM) in a girl under 18 to the police yourself.",
        "fact": "regulated_professional",
        "source": ["fgm-act-2003 s5B(2)", "fgm-procedural"],
        "answers": [
            {"value": "yes", "label": "Yes", "next": "act-fgm-report"},
            {"value": "no", "label": "No", "next": "end"},
        ],
    },
    {
        "id": "act-fgm-report",
        "kind": "action",
        "outcome": "fgm-mandatory-report",
        "title": "Report known female genital mutilation (FGM) to the police yourself",
        "source": ["fgm-act-2003 s5B", "fgm-procedural"],
        "routes": [{"to": "end"}],
    },
]

end_nodes = [
    {
        "id": "end",
        "kind": "end",
        "title": "That is everything for now",
        "help": "Do the actions in the order shown. Write down what you did and when. If anything changes, or you are still worried, go through the pathway again or ask your safeguarding lead or the NSPCC helpline.",
        "source": ["002 §2.15", "004 ¶16"],
    },
]

os.makedirs(OUT, exist_ok=True)
GEN = "# Generated by pathways/england/tools/gen_nodes.py: edit that script, then run it again.\n"
write("01-danger.toml", GEN + """
# Screen 1: is a child in danger right now? (the start node)
# Danger now means significant harm, so children's social care are always named.
# Police and British Transport Police officers are offered police protection
# powers; everyone else is told to call 999. The walk then goes on to the
# concerns checklist, so that the other duties (missing, FGM, ...) are still found.
""", start_nodes)
write("02-concerns-and-spine.toml", GEN + """
# Screen 2: the checklist of specific concerns, asked together on one screen.
# Then the spine, exclusive and in order of seriousness:
#   danger (already handled) or a concern that is significant harm in itself
#     (known or risked FGM, trafficking, exploitation) -> phone children's social care now
#   else ask: significant harm?  yes -> phone children's social care now
#   else ask (one checklist): child in need -> referral for assessment (with consent)
#                             additional needs -> early help (with consent)
#                             nothing at all -> universal support
# Every branch then joins the duty chain in 03-duties.toml.
""", spine_nodes)
write("03-duties.toml", GEN + """
# The duty chain. Each node routes to the first later duty whose guard holds,
# so a walk passes every duty that applies and nothing else:
#   tell your safeguarding lead -> allegation (removed? -> DBS) -> LADO
#   -> domestic abuse (high risk? -> MARAC) -> DASH -> Prevent -> NRM -> missing
#   -> private fostering -> pre-birth -> homeless 16-17 -> check children known
#   -> carers' assessment -> prisoner notifications
#   -> known FGM: regulated professional? -> personal report to police -> end
# Guards use only the context facts (agency, out_of_hours), immediate_danger
# (the start question) and the concerns checklist, all known on every path here.
""", duty_nodes)
write("04-end.toml", GEN + """
# The end of every walk.
""", end_nodes)
