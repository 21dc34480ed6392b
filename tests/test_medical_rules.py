"""The Medical rules against the traps of research/medical-rules.md §5: ``noop`` next to ``fires``.

Each ``fires`` case names the text the finding must cover; each ``noop`` case must give no finding
of the rule. Texts are linted as Markdown unless the case says ``.txt`` or ``.html``.
"""

from __future__ import annotations

import pytest

from healthlint import lint_text, load_ruleset
from healthlint.ruleset import Ruleset

_ALL = load_ruleset()


def _only(name: str) -> Ruleset:
    return Ruleset(tuple(r for r in _ALL.rules if r.name == name), _ALL.kinds)


_RULESETS = {r.name: _only(r.name) for r in _ALL.rules}


def found(rule: str, text: str, path: str = "a.md") -> list[str]:
    name = f"Medical.{rule}"
    return [d.match for d in lint_text(text, path=path, ruleset=_RULESETS[name]) if d.rule == name]


def fired(rule: str, text: str, path: str = "a.md") -> bool:
    return bool([d for d in lint_text(text, path=path, ruleset=_RULESETS[f"Medical.{rule}"])])


# --------------------------------------------------------------------------- span rules

FIRES = [
    # UncitedStatistic
    ("UncitedStatistic", "The condition affects 2.7% of U.S. adults annually.", "2.7%"),
    ("UncitedStatistic", "Studies from 2022-2025 demonstrate 53-57% response rates.", "53-57%"),
    ("UncitedStatistic", "Nearly 1 in 5 U.S. adults lives with a mental illness.", "1 in 5"),
    ("UncitedStatistic", "A small study (n=12) compared three doses.", "n=12"),
    ("UncitedStatistic", "Depression affects more than 21 million American adults.", "21 million American adults"),
    ("UncitedStatistic", "Women are twice as likely as men to have panic disorder.", "twice as likely"),
    ("UncitedStatistic", "The risk of stroke was 3 times higher in smokers.", "3 times higher"),
    ("UncitedStatistic", "It found that 18 of the 20 patients improved.", "18 of the 20"),
    ("UncitedStatistic", "Up to one-third of them don't get better with antidepressants.", "one-third of them"),
    ("UncitedStatistic", "People regained about two-thirds of the weight they had lost.", "two-thirds of the weight"),
    ("UncitedStatistic", "About 48,000 Americans died by suicide in 2022.", "48,000 Americans"),
    ("UncitedStatistic", "## 87% of patients improve", "87%"),
    ("UncitedStatistic", "83% of our patients report feeling better.", "83%"),
    ("UncitedStatistic", "The drug worked in 100% of patients in the pilot.", "100%"),
    ("UncitedStatistic", "A1C fell by 1.2 percentage points.", "1.2 percentage points"),
    ("UncitedStatistic", "The risk of seizure is about 1 in 30,000 sessions.", "1 in 30,000"),
    ("UncitedStatistic", "Buprenorphine cuts the risk of overdose death by about half.", "by about half"),
    ("UncitedStatistic", "Smoking doubles the risk of stroke.", "doubles the risk"),
    # fold changes written as verbs, with an effect object
    ("UncitedStatistic", "Walking daily nearly halves your odds of a second heart attack.", "halves your odds"),
    ("UncitedStatistic", "Heavy drinking more than triples the lifetime risk of liver disease.", "triples the lifetime risk"),
    ("UncitedStatistic", "A peer coach doubles treatment retention rates.", "doubles treatment retention rates"),
    ("UncitedStatistic", "Daily buprenorphine cuts overdose deaths in half.", "cuts overdose deaths in half"),
    ("UncitedStatistic", "Our aftercare plan slashes your risk of relapse in half.", "slashes your risk of relapse in half"),
    ("UncitedStatistic", "About 55% respond, and about one-third achieve full remission.", "one-third achieve"),
    # a statistic cited only in the middle of its paragraph: the citation covers its own sentence
    # a link to the publisher's own sales page is not a citation
    ("UncitedStatistic", "46% of people reversed diabetes ([enroll](https://clinic.example/enroll)).", "46%"),
    # a named source without a link is a weaker finding, not silence
    ("UncitedStatistic", "According to the National Institute of Mental Health, 19% of adults have an anxiety disorder.", "19%"),
    ("UncitedStatistic", "Obesity rates have tripled since 1975.", "rates have tripled"),
    ("UncitedStatistic", "Each year, around 12 people die from lightning strikes.", "12 people die"),
    # VagueAttribution
    ("VagueAttribution", "Studies show that ketamine reduces anxiety.", "Studies show"),
    ("VagueAttribution", "CBT, which research has shown to be effective, helps.", "research has shown"),
    ("VagueAttribution", "Our experts agree it works.", "experts agree"),
    ("VagueAttribution", "Many experts consider it the gold standard.", "experts consider"),
    ("VagueAttribution", "Science says you need eight hours of sleep.", "Science says"),
    ("VagueAttribution", "## A New Study Finds That Walking Helps", "A New Study Finds"),
    ("VagueAttribution", "Scientists have long known that stress raises blood pressure.", "Scientists have long known that"),
    ("VagueAttribution", "A 2022 analysis showed 66% remission rates.", "A 2022 analysis showed"),
    ("VagueAttribution", "A small study of adults with anxiety (n=18) found that most improved.", "A small study"),
    ("VagueAttribution", "Clinical trials evaluating ketamine in anxiety disorders have reported rapid relief.", "Clinical trials"),
    ("VagueAttribution", "Ketamine has been studied and shown to be effective in anxiety.", "has been studied and shown to"),
    ("VagueAttribution", "Some research studies recommend as much as 70% respond.", "research studies recommend"),
    # AbsoluteClaim
    ("AbsoluteClaim", "Ketamine is a proven method for treatment-resistant anxiety.", "a proven method"),
    ("AbsoluteClaim", "While ketamine isn't appropriate for panic disorder, it has established efficacy for depression.", "established efficacy"),
    ("AbsoluteClaim", "For many of our clients, yes: ketamine cures depression for good.", "cures"),
    ("AbsoluteClaim", "Clinically proven to reduce stress by 44%.", "proven to reduce stress"),
    ("AbsoluteClaim", "Unlike other centers, we guarantee sobriety.", "guarantee sobriety"),
    ("AbsoluteClaim", "Higher recovery rates, guaranteed.", "guaranteed"),
    ("AbsoluteClaim", "# Reverse Type 2 Diabetes in 90 Days, Guaranteed", "Reverse Type 2 Diabetes"),
    ("AbsoluteClaim", "The program permanently reverses type 2 diabetes.", "permanently reverses"),
    ("AbsoluteClaim", "Lose the Weight for Good With Semaglutide", "Lose the Weight for Good"),
    ("AbsoluteClaim", "1. Achieve symptom relief in hours, not weeks", "in hours, not weeks"),
    ("AbsoluteClaim", "It works on the very first night.", "works on the very first night"),
    ("AbsoluteClaim", "The result is total resolution of anxiety.", "total resolution"),
    ("AbsoluteClaim", "This protocol eliminates anxiety.", "eliminates anxiety"),
    ("AbsoluteClaim", "Our infusions are 100% effective.", "100% effective"),
    ("AbsoluteClaim", "No more panic attacks with our proven program.", "proven program"),
    ("AbsoluteClaim", "Cure your anxiety naturally, without drugs.", "Cure your anxiety"),
    ("AbsoluteClaim", "Ketamine has been verified to work for lots of people.", "verified to work"),
    ("AbsoluteClaim", "Professionals consider it a confirmed approach for depression.", "confirmed approach"),
    # the verb with any symptom after it, when the subject is the product
    ("AbsoluteClaim", "Our magnesium blend eliminates restless legs.", "eliminates restless legs"),
    ("AbsoluteClaim", "One capsule a day erases afternoon fatigue.", "erases afternoon fatigue"),
    ("AbsoluteClaim", "# Banish Hot Flashes Naturally", "Banish Hot Flashes"),
    ("AbsoluteClaim", "The cream wipes out eczema flare-ups.", "wipes out eczema flare-ups"),
    ("AbsoluteClaim", "These drops eliminate ringing in the ears.", "eliminate ringing"),
    ("AbsoluteClaim", "Formulated to eliminate menstrual cramps.", "eliminate menstrual cramps"),
    ("AbsoluteClaim", "Wipe out seasonal allergies with our nasal spray.", "Wipe out seasonal allergies"),
    # permanence attached to an outcome
    ("AbsoluteClaim", "Our alumni learn to stay clean for the rest of their lives.", "stay clean for the rest of their lives"),
    ("AbsoluteClaim", "Weight loss that lasts for good.", "Weight loss that lasts for good"),
    ("AbsoluteClaim", "One course of treatment keeps you migraine-free forever.", "keeps you migraine-free forever"),
    ("AbsoluteClaim", "Imagine lifelong freedom from back pain.", "lifelong freedom"),
    ("AbsoluteClaim", "After one session, you'll never suffer another cluster headache.", "never suffer another cluster headache"),
    ("AbsoluteClaim", "You will never experience insomnia again.", "never experience insomnia again"),
    # AbsoluteSafety
    ("AbsoluteSafety", "Ketamine infusions are completely safe when given by our team.", "completely safe"),
    ("AbsoluteSafety", "No side effects, no crash.", "No side effects"),
    ("AbsoluteSafety", "Unlike medication, TMS has no systemic side effects.", "no systemic side effects"),
    ("AbsoluteSafety", "There are no reported long-term side effects.", "no reported long-term side effects"),
    ("AbsoluteSafety", "It is non-habit-forming.", "non-habit-forming"),
    ("AbsoluteSafety", "Semaglutide is a proven, safe medication.", "proven, safe"),
    ("AbsoluteSafety", "Research has proven it is safe for long-term use.", "proven it is safe"),
    ("AbsoluteSafety", "There is no risk of addiction.", "no risk"),
    ("AbsoluteSafety", "Stimulants are not addictive when taken as prescribed.", "are not addictive"),
    # EvidenceClaim
    ("EvidenceClaim", "Ketamine is clinically proven to work.", "clinically proven"),
    ("EvidenceClaim", "Our FDA-approved semaglutide program helps you lose weight.", "FDA-approved"),
    ("EvidenceClaim", "Made in an FDA-registered facility.", "FDA-registered"),
    ("EvidenceClaim", "We offer our FDA-approved medications by mail.", "FDA-approved"),
    ("EvidenceClaim", "DreamEase is the doctor-recommended sleep formula.", "doctor-recommended"),
    # endorsement by a class of clinicians, in any word order and by any name
    ("EvidenceClaim", "Gastroenterologists recommend FloraBalance for everyday gut comfort.", "Gastroenterologists recommend FloraBalance"),
    ("EvidenceClaim", "Podiatrists trust our orthotic insoles.", "Podiatrists trust our"),
    ("EvidenceClaim", "Pediatricians consistently recommend these sleep gummies.", "Pediatricians consistently recommend these sleep gummies"),
    ("EvidenceClaim", "It's the toothpaste hygienists recommend most.", "toothpaste hygienists recommend"),
    ("EvidenceClaim", "Recommended by audiologists across the country.", "Recommended by audiologists"),
    ("EvidenceClaim", "Trusted by more than 3,000 healthcare professionals nationwide.", "Trusted by more than 3,000 healthcare professionals"),
    ("EvidenceClaim", "Endorsed by board-certified rheumatologists.", "Endorsed by board-certified rheumatologists"),
    ("EvidenceClaim", "Our pillow is endorsed by physical therapists across the country.", "endorsed by physical therapists"),
    ("EvidenceClaim", "A dermatologist-tested, allergist-approved moisturizer.", "allergist-approved"),
    # TestimonialStatistic
    ("TestimonialStatistic", "87% of Innerwell patients report improvement within 4 weeks", "87% of Innerwell patients"),
    ("TestimonialStatistic", "Our members lose an average of 18% of their body weight.", "Our members lose an average of 18%"),
    ("TestimonialStatistic", "9 out of 10 of our customers say they sleep better.", "9 out of 10 of our customers say"),
    ("TestimonialStatistic", "- 10K+ Recovery Successes", "10K+ Recovery Successes"),
    # a volume figure about the business is a testimonial (review-policy.md section 3)
    ("TestimonialStatistic", "- 15+ Years Experience\n- More than 10,000 infusions given", "10,000 infusions"),
    ("TestimonialStatistic", "Hundreds of people have lost weight with our plan.", "Hundreds of people have lost weight"),
    ("TestimonialStatistic", "We reviewed the charts of 300 patients treated since 2018.", "We reviewed the charts of 300 patients"),
    ("TestimonialStatistic", "Trusted by 10,000+ patients across Ohio.", "Trusted by 10,000+ patients"),
    ("TestimonialStatistic", "Our success rate is 87%.", "Our success rate is 87%"),
    ("TestimonialStatistic", "Most of our 400 clients finish the program.", "our 400 clients"),
    ("TestimonialStatistic", "Rated 4.9 by 2,000 reviewers on Google.", "Rated 4.9"),
    ("TestimonialStatistic", "The program has given 14,000 infusions across 12 locations.", "14,000 infusions"),
    ("TestimonialStatistic", "- Hundreds of 5-star Google reviews", "Hundreds of 5-star Google reviews"),
    ("TestimonialStatistic", "Rated 4.9/5 by 1,800+ members", "Rated 4.9/5 by 1,800+ members"),
    ("TestimonialStatistic", "- 94% success rate, the highest in the state", "94% success rate"),
    ("TestimonialStatistic", "In a survey of 1,200 customers, 97% said they fell asleep faster.", "97% said"),
    ("TestimonialStatistic", "Join 20,000+ adults who finally feel focused.", "Join 20,000+ adults"),
    ("TestimonialStatistic", "- Over 5,000 happy patients", "Over 5,000 happy patients"),
    ("TestimonialStatistic", '<footer><p>Rated 4.8/5 on Zocdoc.</p></footer>', "Rated 4.8/5"),
    # counts with thousands separators and no "+"
    ("TestimonialStatistic", "- Backed by over 22,000 five-star ratings", "22,000 five-star ratings"),
    ("TestimonialStatistic", "We've earned 1,850 verified Google reviews.", "1,850 verified Google reviews"),
    ("TestimonialStatistic", "Since 2012: 9,400 patients helped and counting.", "9,400 patients helped"),
    ("TestimonialStatistic", "Join more than 6,000 satisfied members today.", "6,000 satisfied members"),
    # Superlative
    ("Superlative", "We run the most advanced ketamine infusion program in Arizona.", "most advanced"),
    ("Superlative", "## Why Coastal Serenity is Florida’s #1 rehab", "Florida’s #1"),
    ("Superlative", "<h1>Denver&rsquo;s #1 Ketamine Clinic</h1>", "Denver&rsquo;s #1"),
    ("Superlative", "Vitality is Miami’s leading provider of IV therapy.", "Miami’s leading"),
    ("Superlative", "World-class High-Quality Addiction Treatment", "World-class"),
    ("Superlative", "Each infusion is about 1/4 the price of a month of inpatient care.", "1/4 the price"),
    ("Superlative", "CBT is the most effective treatment for anxiety.", "most effective"),
    ("Superlative", "It's a huge improvement over SSRIs.", "huge improvement over"),
    ("Superlative", "Ketamine works faster than antidepressants.", "faster than"),
    # "the most <adjective>" with any noun placed in a market, also across a soft line break
    ("Superlative", "It's simply the most effective sleep gummy money can buy.", "most effective"),
    ("Superlative", "Meet the most potent ashwagandha extract available today.", "most potent"),
    ("Superlative", "We built the most advanced recovery app on the market.", "most advanced"),
    ("Superlative", "Book the most luxurious detox retreat in Tulum.", "most luxurious"),
    ("Superlative", "The most complete prenatal formula ever made.", "most complete"),
    ("Superlative", "Our clinic offers the most\nadvanced NAD+ drip in Phoenix.", "most\nadvanced"),
    ("Superlative", "Try the most\neffective probiotic for women.", "most\neffective"),
    # comparisons against an unnamed baseline
    ("Superlative", "Our one-year sobriety rate is far higher than the national average.", "far higher than the national average"),
    ("Superlative", "Our graduates' results beat the industry average.", "beat the industry average"),
    ("Superlative", "Our completion rate is twice the national average.", "twice the national average"),
    ("Superlative", "Our patients see better outcomes than traditional clinics can offer.", "better outcomes than traditional clinics"),
    ("Superlative", "Expect longer-lasting relief than ordinary pain patches.", "longer-lasting relief than ordinary pain patches"),
    ("Superlative", "Twice the recovery rate of standard outpatient programs.", "Twice the recovery rate of standard outpatient"),
    ("Superlative", "Five times the bioavailability of generic turmeric.", "Five times the bioavailability of generic turmeric"),
    ("Superlative", "Our liposomal spray is three times as effective as other brands.", "three times as effective as other brands"),
    # StigmatizingLanguage
    ("StigmatizingLanguage", "Thousands of alcoholics and drug addicts struggle alone.", "alcoholics"),
    ("StigmatizingLanguage", "If you suffer from depression, you are not alone.", "suffer from"),
    ("StigmatizingLanguage", "Stress and anxiety victims experience elevated cortisol.", "anxiety victims"),
    ("StigmatizingLanguage", "Many anxiousness sufferers spend years trying medicines.", "sufferers"),
    ("StigmatizingLanguage", "He committed suicide in 2019.", "committed suicide"),
    ("StigmatizingLanguage", "Services for the mentally ill are underfunded.", "the mentally ill"),
    ("StigmatizingLanguage", "A dirty drug test doesn't disqualify you.", "dirty drug test"),
    ("StigmatizingLanguage", "We can help you stay clean.", "stay clean"),
    ("StigmatizingLanguage", "The first time he got clean, we threw a party.", "got clean"),
    ("StigmatizingLanguage", "Substance Abuse Specialists Who Understand", "Substance Abuse"),
]

NOOPS = [
    # numbers that are not statistics
    ("UncitedStatistic", "SSRIs take 4-6 weeks for full effect at doses of 10-20 mg."),
    ("UncitedStatistic", "Your dose is usually 0.5 mg/kg given over 40 minutes."),
    ("UncitedStatistic", "Ketamine was first synthesized in the 1960s; the FDA approved it in 1970."),
    ("UncitedStatistic", "Studies from 2022-2025 are reviewed here."),
    ("UncitedStatistic", "Hallucinations may last 30 minutes to 60 minutes."),
    ("UncitedStatistic", "Call 988 any time, 24/7, or our hotline at (844) 597-1011."),
    ("UncitedStatistic", "Each infusion is $450, about 1/4 the price of inpatient care."),
    ("UncitedStatistic", "Subscribe & save 15% · 20% off your first order"),
    ("UncitedStatistic", "1. Ketamine for anxiety reviews? Reviews vary."),
    ("UncitedStatistic", "The DSM-5 criteria; COVID-19; type 2 diabetes; Phase 3; Schedule III."),
    ("UncitedStatistic", "17 min read"),
    ("UncitedStatistic", "Adults aged 18 to 65 and children 6 to 12 years old."),
    ("UncitedStatistic", "Diabetes is an A1C of 6.5% or higher, and many adults aim to stay below 7%."),
    ("UncitedStatistic", "When your sleep efficiency stays at 85% or more, your bedtime moves earlier."),
    ("UncitedStatistic", "100% natural, less than 0.3% THC."),
    ("UncitedStatistic", "Our clinic is 100% physician-owned and 100% online."),
    ("UncitedStatistic", "| Magnesium | 100 mg | 24% |\n| --- | --- | --- |\n| Zinc | 5 mg | 45% |"),
    ("UncitedStatistic", "Hundreds of 5-star reviews. 4.9 stars on Google."),
    ("UncitedStatistic", "Millions of people use it, and thousands of families trust us."),
    ("UncitedStatistic", "Step 1 of 3: who should take it?"),
    ("UncitedStatistic", "Limit added sugar to less than 10% of daily calories."),
    ("UncitedStatistic", "Cut the tablet in half and take half the dose at night."),
    ("UncitedStatistic", "Your prescriber may double the dose after two weeks; the clinic doubled its staff."),
    ("UncitedStatistic", "Don't double up on a missed dose. The patch can be cut in half."),
    ("UncitedStatistic", "Lowering the dose by half can ease nausea."),
    ("UncitedStatistic", "Statins cut the risk of a second stroke in half [2].\n\n[2]: https://doi.org/10.5555/x"),
    ("UncitedStatistic", "- 12,500 patients treated since 2011"),
    ("UncitedStatistic", "About half of people improve (Smith et al., 2021)."),
    ("UncitedStatistic", "About 1 in 5 adults has a mental illness (World Health Organization, 2022)."),
    ("UncitedStatistic", "Smith et al., 2020 found that 40% of adults improved."),
    ("UncitedStatistic", "About 19% of adults have anxiety (Source: Centers for Disease Control and Prevention, 2024)."),
    ("UncitedStatistic", "Side effects are common: more than half of people notice some. Tell your prescriber.[^2]\n\n[^2]: Source."),
    ("UncitedStatistic", "About 2 in 3 people respond to SSRIs.¹"),
    ("UncitedStatistic", "Key facts:\n\n- About 1 in 5 adults has a mental illness.\n- Anxiety affects 19% of adults.\n\nSource: [NIMH](https://www.nimh.nih.gov/health/statistics)"),
    ("UncitedStatistic", "About 30% of teens sleep badly.\n\nSources: CDC, https://www.cdc.gov/sleep"),
    ("UncitedStatistic", "It affects 2.7% of adults (https://www.nimh.nih.gov/statistics)."),
    ("UncitedStatistic", "```\nrate = 87%  # 87% of patients\n```"),
    ("UncitedStatistic", "<!-- 87% of patients respond -->\nKetamine is a drug."),
    ("UncitedStatistic", "Ketamine is a drug.\n\n## Related posts\n\n- Why 70% of people with anxiety never get treatment"),
    ("UncitedStatistic", "Ketamine is a drug.\n\n## References\n\n1. Smith J. 87% of patients improved. JAMA. 2020."),
    ("UncitedStatistic", "<article><p>Ketamine is a drug.</p><h2>References</h2><ol><li>Smith J. 87% of patients improved.</li></ol></article>"),
    ("UncitedStatistic", "Skip to main content\n\nMenu\n\nKetamine for depression\n\nKetamine is a drug. It is used in clinics."),
    ("UncitedStatistic", '<script type="application/ld+json">{"description": "92% of our patients report relief"}</script><p>Ketamine is a drug.</p>'),
    ("UncitedStatistic", 'Avoid vague figures such as "90%" in headlines.'),
    # negation, questions, meta-statements
    ("VagueAttribution", "This guide explains what the research actually shows (and doesn't show)."),
    ("VagueAttribution", "No clinical trials have studied ketamine for panic attacks."),
    ("VagueAttribution", "What does the evidence say?"),
    ("VagueAttribution", "Metformin is usually the first medicine doctors suggest for type 2 diabetes."),
    ("VagueAttribution", "Studies show benefit in some adults [2]."),
    ("VagueAttribution", "Some studies have looked at ketamine for anxiety."),
    ("VagueAttribution", "More research is needed to establish long-term safety."),
    ("VagueAttribution", "Our addiction specialists know what families are going through."),
    ("VagueAttribution", "The study can't prove that short sleep causes dementia."),
    ("VagueAttribution", "The best evidence so far comes from observational studies, which can show links but not causes."),
    ("VagueAttribution", "Experts don't agree on the best dose."),
    ("AbsoluteClaim", "Ketamine is not a cure for panic disorder."),
    ("AbsoluteClaim", "There is no cure for type 1 diabetes, but it can be managed."),
    ("AbsoluteClaim", "Ketamine cured my anxiety? Claiming a cure is a complex matter."),
    ("AbsoluteClaim", "Is ketamine a cure for depression?"),
    ("AbsoluteClaim", "This product is not intended to diagnose, treat, cure, or prevent any disease."),
    ("AbsoluteClaim", 'Avoid words like "cure", "miracle" and "guaranteed results".'),
    ("AbsoluteClaim", 'One ad we saw promised "permanent relief from joint pain in 3 days."'),
    ("AbsoluteClaim", "Ketamine-assisted therapy reveals guarantee throughout the spectrum of anxiety."),
    ("AbsoluteClaim", "No treatment works for everyone, and no one can guarantee results."),
    ("AbsoluteClaim", "Researchers are still searching for a cure."),
    ("AbsoluteClaim", "A confirmed diagnosis needs a specialist."),
    ("AbsoluteClaim", "A single infusion can ease depression within hours in some people."),
    ("AbsoluteClaim", "Satisfaction guaranteed or your money back."),
    ("AbsoluteClaim", "Your privacy is always guaranteed."),
    # advice to remove a substance or a habit; the body clearing a drug
    ("AbsoluteClaim", "Try to eliminate added sugar and late-night screen time for two weeks."),
    ("AbsoluteClaim", "An elimination diet helps you find, and then eliminate, food triggers."),
    ("AbsoluteClaim", "A monthly shot eliminates the need for daily pills."),
    ("AbsoluteClaim", "The liver eliminates most of the drug within a day; the kidneys eliminate the rest."),
    ("AbsoluteClaim", "Campaigns like this one help erase the stigma around addiction."),
    ("AbsoluteClaim", "Wipe out the inside of the CPAP mask with a damp cloth."),
    # commercial guarantees about the service are not health claims
    ("AbsoluteClaim", "Call now for a guaranteed bed within 24 hours."),
    ("AbsoluteClaim", "Guaranteed same-day appointments, and a 60-day money-back guarantee."),
    ("AbsoluteClaim", "Our price guarantee and satisfaction guarantee cover every order."),
    ("AbsoluteClaim", "We guarantee a callback within one hour; insurance verification is guaranteed."),
    # lifelong conditions and care are not permanence claims
    ("AbsoluteClaim", "Type 1 diabetes needs lifelong insulin, and recovery is a lifelong process."),
    ("AbsoluteClaim", "You'll never have to wait on hold again."),
    ("AbsoluteSafety", "No treatment is completely safe."),
    ("AbsoluteSafety", "No weight-loss medicine is risk-free."),
    ("AbsoluteSafety", "Ketamine is not without risks."),
    ("AbsoluteSafety", "Is ketamine safe for people with panic disorder?"),
    ("AbsoluteSafety", "Side effects are usually mild and pass within 2 hours."),
    ("AbsoluteSafety", "The trial found no increased risk of birth defects [3]."),
    ("AbsoluteSafety", "Close monitoring helps ensure patient safety."),
    ("AbsoluteSafety", 'Be wary of "completely safe," "no side effects" or "all natural" claims.'),
    ("AbsoluteSafety", "She had no risk factors for stroke."),
    ("AbsoluteSafety", "Try it risk-free for 30 days."),
    ("EvidenceClaim", "Ketamine is not FDA-approved for anxiety."),
    ("EvidenceClaim", "Is ketamine FDA-approved for depression?"),
    ("EvidenceClaim", "Esketamine (Spravato) is FDA-approved for treatment-resistant depression [1]."),
    ("EvidenceClaim", "Supplements do not need FDA approval before they are sold."),
    ("EvidenceClaim", "Although originally FDA-approved as an anesthetic, ketamine is now used off-label for depression."),
    ("EvidenceClaim", "Our gummies are third-party tested and evidence-based."),
    ("EvidenceClaim", "Psychiatrists can optimize SSRIs, SNRIs, and other FDA-approved medications."),
    # advice and the reader's own clinician are not endorsements
    ("EvidenceClaim", "Sleep specialists recommend that adults keep the same wake time every day."),
    ("EvidenceClaim", "Many psychiatrists recommend starting at a low dose and going slowly."),
    ("EvidenceClaim", "Most dermatologists recommend a broad-spectrum sunscreen of SPF 30 or higher."),
    ("EvidenceClaim", "Ask what your doctor recommends, and take it as recommended by your pharmacist."),
    ("EvidenceClaim", "## Why Cardiologists Recommend Regular Checkups"),
    ("EvidenceClaim", "Which brand do dentists recommend?"),
    ("EvidenceClaim", "No reputable dermatologist recommends this cream for children."),
    ("EvidenceClaim", "Pediatricians recommend Tylenol-free fever care for infants, according to the AAP [1].\n\n[1]: https://doi.org/10.5555/aap"),
    ("TestimonialStatistic", "40% of participants reported continued benefits seven days later."),
    ("TestimonialStatistic", "Patients reported less anxiety within 1 hour."),
    ("TestimonialStatistic", "Individuals describe a sense of mental spaciousness."),
    ("TestimonialStatistic", "Nearly 9 out of 10 people with a substance use disorder never get treatment."),
    ("TestimonialStatistic", "About 30% of American patients do not respond to SSRIs."),
    ("TestimonialStatistic", "Overdoses claimed about 107,000 lives in 2022."),
    ("TestimonialStatistic", "In the trial, 1,961 patients treated with semaglutide were followed for 68 weeks."),
    ("TestimonialStatistic", "In a survey of 1,200 customers, most were women over 40."),
    ("TestimonialStatistic", "Hundreds of treatment programs now offer telehealth."),
    ("TestimonialStatistic", "Most rehabs report a 30% success rate at best."),
    ("TestimonialStatistic", "Thousands of people have lost their lives to overdoses."),
    ("TestimonialStatistic", "About 80% of patients give up within a year."),
    ("TestimonialStatistic", "Only 3 patients responded to the drug in the trial."),
    ("TestimonialStatistic", "Telehealth grew to millions of visits during the pandemic."),
    ("TestimonialStatistic", "We analyzed 12 studies on melatonin."),
    ("TestimonialStatistic", "Semaglutide has been used by millions of people worldwide."),
    ("TestimonialStatistic", "Across the industry, programs average a 40% success rate."),
    ("TestimonialStatistic", "In the trial, 3 of the 20 women became pregnant."),
    ("Superlative", "Social anxiety can be isolating, leading to avoidance of work."),
    ("Superlative", "EMDR is best known for trauma therapy; follow best practices."),
    ("Superlative", "Depression is a leading cause of disability."),
    ("Superlative", "Nausea is the most common side effect."),
    ("Superlative", "Talk to your doctor about the best plan for you."),
    ("Superlative", "It's best to keep a headache diary."),
    ("Superlative", "Some people feel better than others after a session, and your heart may beat faster than normal."),
    ("Superlative", "Ketamine worked better than placebo in two trials [1,2]."),
    ("Superlative", "Is ketamine better than SSRIs?"),
    ("Superlative", "Ketamine is a drug.\n\n## Related posts\n\n- The best apps for anxiety in 2026"),
    ("Superlative", "Sleep matters.\n\n**Related:** [The best apps for anxiety](/apps)"),
    ("UncitedStatistic", "Sleep matters.\n\nRead more: Why 90% of diets fail"),
    ("UncitedStatistic", "One patient developed a rash after the second dose."),
    ("UncitedStatistic", "We have helped over 5,000 patients find relief."),
    ("VagueAttribution", "That is why many doctors think diabetes is progressive; we disagree."),
    ("VagueAttribution", "Many health organizations offer free screening days."),
    ("VagueAttribution", "A Harvard study found that walking helps."),
    ("VagueAttribution", "A 2019 Mayo Clinic review found a small benefit."),
    ("VagueAttribution", "In a survey of 1,200 customers, 97% said they slept better."),
    ("UncitedStatistic", "Some clinics advertise a 90% success rate; I have never seen their data."),
    ("UncitedStatistic", "Our intake records show 3,000 clients since 2012."),
    ("Superlative", "It's the time when new patterns have the most effective chance of settling."),
    ("Superlative", "The most important thing is to take it at the same time each day."),
    ("Superlative", "Most people feel better within a week, and nausea is the most common side effect."),
    ("Superlative", "Age is the most powerful predictor of risk in the US."),
    ("Superlative", "The most popular question we get in July is about sunscreen."),
    ("Superlative", "Stage 4 is the most advanced stage of the disease."),
    ("Superlative", "Rates of teen depression in rural counties are far higher than the national average."),
    ("Superlative", "Suicide rates in the county are twice the national average."),
    ("Superlative", "People who stay active have better outcomes than those who don't."),
    # a combination compared with its own parts is not a superiority claim (policy: docs/rules.md)
    ("Superlative", "For many people, therapy and medication together may work better than either alone."),
    ("Superlative", "Combined treatment works better than either one alone."),
    ("StigmatizingLanguage", "The National Institute on Drug Abuse and the Substance Abuse and Mental Health Services Administration fund research."),
    ("StigmatizingLanguage", "Alcoholics Anonymous and Narcotics Anonymous meet weekly."),
    ("StigmatizingLanguage", "Victims of assault can call the hotline."),
    ("StigmatizingLanguage", "Store the pen in a clean, dry place; change into clean linens."),
    ("StigmatizingLanguage", "Keep the wound clean and dry, and make sure the area stays clean."),
    ("StigmatizingLanguage", '"I was an addict for ten years," she said.'),
    ("StigmatizingLanguage", "The study suffers from a small sample size."),
    ("StigmatizingLanguage", "People with a substance use disorder can recover; addiction is treatable."),
    ("StigmatizingLanguage", "Bipolar disorder and psychotic symptoms are treatable."),
]


@pytest.mark.parametrize(("rule", "text", "expected"), FIRES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(FIRES)])
def test_fires(rule: str, text: str, expected: str) -> None:
    matches = found(rule, text, "a.html" if text.lstrip().startswith("<") else "a.md")
    assert any(expected in m or m in expected for m in matches), f"{rule} missed {expected!r} in {text!r}: {matches}"


@pytest.mark.parametrize(("rule", "text"), NOOPS, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NOOPS)])
def test_noop(rule: str, text: str) -> None:
    path = "a.html" if text.lstrip().startswith("<") else "a.md"
    assert found(rule, text, path) == []


def test_stigma_carries_the_person_first_replacement() -> None:
    diags = lint_text("Many addicts avoid treatment.", path="a.md", ruleset=_RULESETS["Medical.StigmatizingLanguage"])
    assert [(d.match, d.replacement) for d in diags] == [("addicts", "people with substance use disorders")]
    diags = lint_text("Anxiety sufferers often wait years.", path="a.md", ruleset=_RULESETS["Medical.StigmatizingLanguage"])
    assert [d.replacement for d in diags] == ["people with Anxiety"] or [d.replacement for d in diags] == ["people with anxiety"]


def test_named_source_is_a_weaker_finding() -> None:
    text = "Glue et al evaluated ketamine in 12 patients with refractory anxiety."
    diags = lint_text(text, path="a.md", ruleset=_RULESETS["Medical.UncitedStatistic"])
    assert [(d.match, d.level.value) for d in diags] == [("in 12 patients", "suggestion")]


def test_hedged_claim_is_not_reported() -> None:
    """review-policy.md section 5: a reviewer lets hedged claims through ("may help", "some people")."""
    assert lint_text("Ketamine may cure depression.", path="a.md", ruleset=_RULESETS["Medical.AbsoluteClaim"]) == []
    assert lint_text("In some cases ketamine ends depression.", path="a.md", ruleset=_RULESETS["Medical.AbsoluteClaim"]) == []
    assert lint_text("Ketamine ends depression.", path="a.md", ruleset=_RULESETS["Medical.AbsoluteClaim"])


# --------------------------------------------------------------------------- document rules

REVIEWED = "Medical Review by\n\n    Lawrence Tucker, MD\n\nKetamine can help some people.\n"

def test_chrome_lines_do_not_swallow_the_article() -> None:
    text = "Skip to main content\n\nMenu\n\nSemaglutide basics\n\nRoughly 1 in 3 adults has prediabetes.\n"
    assert found("UncitedStatistic", text, "a.txt") == ["1 in 3"]


def test_an_html_reference_section_ends_with_its_article() -> None:
    text = "<article><h2>References</h2><ol><li>1 in 3 adults.</li></ol></article><footer><p>Rated 4.9/5 by patients.</p></footer>"
    assert found("TestimonialStatistic", text, "a.html") == ["Rated 4.9/5"]


DOC_FIRES = [
    ("MissingReviewer", "Written by Innerwell Team\n\nKetamine can help some people.\n", "a.txt"),
    ("MissingReviewer", "By Jordan Ellis, School Counselor\n\nWorry is common.\n", "a.txt"),
    ("MissingReviewer", "John Guardiani, MA, LPC\n\nKetamine can help.\n", "a.txt"),
    ("MissingReviewer", "Written by Dr. Jane Doe, MD.\n\nReviewed by our clinical team.\n", "a.txt"),
    ("MissingReviewer", "100s of 5-Star Reviews\n\nKetamine for anxiety reviews?\n", "a.txt"),
    ("MissingReviewer", "Reviewed by our editorial team, MD candidates included.\n", "a.txt"),
    ("MissingReviewer", "Last reviewed by a Cleveland Clinic medical professional on 03/21/2026.\n", "a.txt"),
    # a title is not a credential: the policy asks for MD, DO, PharmD, NP ...
    ("MissingReviewer", "Medically reviewed by Dr. Ana Ruiz\n\nKetamine can help.\n", "a.txt"),
    ("MissingReviewer", "---\ntitle: X\nmedical_reviewer: Dr. Ana Ruiz\n---\nKetamine can help.\n", "a.md"),
    ("MissingConsultNotice", "Call our hotline today. Take our free assessment!\n", "a.txt"),
    ("MissingConsultNotice", "Book a free consultation. Talk to our team today.\n", "a.txt"),
    ("MissingConsultNotice", "Speak with one of our licensed clinicians today.\n", "a.txt"),
    ("MissingConsultNotice", "If you are thinking about suicide, call or text 988.\n", "a.txt"),
    ("MissingDate", "Published on\n\nKetamine can help some people.\n", "a.txt"),
    ("MissingDate", "Published en\n17 min read\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "Does Ketamine Help With Anxiety in 2024\n\n© 2023 Clinic. All rights reserved.\n", "a.txt"),
    ("MissingDate", "Ketamine can help.\n\nLatest Posts\n\nIntensive Therapy Retreat\n\nPublished Nov 15, 25\n4 min read\n", "a.txt"),
    ("MissingDate", "Last reviewed: 2019-01-10\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "Last reviewed: 2024-11-15\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "Updated: 2027-03-15\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", '<article><p>Sleep helps.</p></article><aside class="related"><p>Published <time datetime="2026-01-01">Jan 1, 2026</time></p></aside>', "a.html"),
    ("MissingCrisisResource", "A single dose produced an anti-suicidal effect. Hotline (844) 597-1011.\n", "a.txt"),
    ("MissingCrisisResource", "Tell your prescriber about thoughts of harming yourself or suicide.\n", "a.txt"),
]

DOC_NOOPS = [
    ("MissingReviewer", REVIEWED, "a.txt"),
    ("MissingReviewer", "Medically reviewed by Dr. Ana Ruiz, PsyD\n\nKetamine can help.\n", "a.txt"),
    ("MissingReviewer", "Medically reviewed by Maria de la Cruz, MD\n\nKetamine can help.\n", "a.txt"),
    ("MissingReviewer", "Medically reviewed by Jane Doe, MD, Psychiatry — Written by John Smith — Updated on May 12, 2026\n\nKetamine can help.\n", "a.txt"),
    ("MissingReviewer", "---\ntitle: X\nmedical_reviewer: {name: Lawrence Tucker, credentials: MD}\n---\nKetamine can help.\n", "a.md"),
    ("MissingReviewer", "---\ntitle: X\nreviewers:\n  - Jane Doe, PharmD\n---\nKetamine can help.\n", "a.md"),
    ("MissingReviewer", '<script type="application/ld+json">{"@graph": [{"@type": "MedicalWebPage", "reviewedBy": {"@type": "Person", "name": "Sofia Herrera", "honorificSuffix": "MD"}}]}</script><p>Ketamine can help.</p>', "a.html"),
    ("MissingConsultNotice", "Talk with your child's doctor if worry lasts for weeks.\n", "a.txt"),
    ("MissingConsultNotice", "Ask your diabetes care team which targets are right for you.\n", "a.txt"),
    ("MissingConsultNotice", "Questions? Talk to your doctor or nurse at your next visit, or call us at (414) 555-0139.\n", "a.txt"),
    ("MissingConsultNotice", "This article is for informational purposes only and is not medical advice.\n", "a.txt"),
    ("MissingConsultNotice", "<p>Ketamine can help.</p><footer><p>This content does not replace the advice of your doctor.</p></footer>", "a.html"),
    ("MissingDate", "Published on\n\nMarch 3, 2026\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "By Jane Doe | March 3, 2026\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "---\ntitle: X\nlast_reviewed: 2026-06-01\n---\nKetamine can help.\n", "a.md"),
    ("MissingDate", '<head><meta property="article:modified_time" content="2026-05-04T09:00:00Z"></head><p>Ketamine can help.</p>', "a.html"),
    ("MissingDate", '<article><header><h1>Sleep</h1><p>Posted March 3, 2026</p></header><p>Sleep helps.</p></article>', "a.html"),
    ("MissingDate", '<article><header><h1>Sleep</h1><time datetime="2026-03-03">3 days ago</time></header><p>Sleep helps.</p></article>', "a.html"),
    ("MissingDate", "Last reviewed: 2025-06-01 by Esther Nwosu, MD\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "Last reviewed by a Cleveland Clinic medical professional on 03/21/2026.\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "Medically Reviewed by Smitha Bhandari, MD on March 05, 2026\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "By Mayo Clinic Staff\n\nDec. 12, 2025\n\nKetamine can help.\n", "a.txt"),
    ("MissingDate", "Page last reviewed: 12 March 2026 Next review due: 12 March 2029\n\nKetamine can help.\n", "a.txt"),
    ("MissingCrisisResource", "Ketamine may help some people with depression.\n", "a.txt"),
    ("MissingCrisisResource", "If you are thinking about suicide, call or text 988 (Suicide & Crisis Lifeline).\n", "a.txt"),
    ("MissingCrisisResource", "Suicidal thoughts? Call the National Suicide Prevention Lifeline at 1-800-273-8255.\n", "a.txt"),
    ("MissingCrisisResource", "Naloxone reverses an opioid overdose.\n", "a.txt"),
    ("MissingCrisisResource", 'Avoid "committed suicide"; write "died by suicide."\n', "a.txt"),
    ("MissingCrisisResource", "Some people self-harm. Text HOME to 741741 to reach the Crisis Text Line.\n", "a.txt"),
]


@pytest.mark.parametrize(("rule", "text", "path"), DOC_FIRES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(DOC_FIRES)])
def test_document_rule_fires(rule: str, text: str, path: str) -> None:
    assert fired(rule, text, path), f"{rule} should fire on {text!r}"


@pytest.mark.parametrize(("rule", "text", "path"), DOC_NOOPS, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(DOC_NOOPS)])
def test_document_rule_noop(rule: str, text: str, path: str) -> None:
    assert not fired(rule, text, path), f"{rule} should not fire on {text!r}"


def test_stale_and_future_dates_are_reported_at_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTHLINT_TODAY", "2026-12-01")
    diags = lint_text("Intro.\n\nLast reviewed: 2019-01-10\n", path="a.txt", ruleset=_RULESETS["Medical.MissingDate"])
    assert [(d.line, d.match) for d in diags] == [(3, "Last reviewed: 2019-01-10")]
    assert "2019-01-10" in diags[0].message and "months old" in diags[0].message
    diags = lint_text("Intro.\n\nUpdated: 2027-03-15\n", path="a.txt", ruleset=_RULESETS["Medical.MissingDate"])
    assert "future" in diags[0].message


def test_reading_level_scores_the_article_and_long_paragraphs() -> None:
    hard = (
        "Ketamine's N-methyl-D-aspartate receptor antagonism precipitates rapid synaptogenesis within "
        "prefrontal cortical circuitry, consequently facilitating neuroplastic reorganization of maladaptive "
        "cognitive-affective representations underlying treatment-refractory generalized anxiety presentations."
    )
    easy = "Ketamine is a drug. It can help some people who feel sad. Talk to your doctor. Ask what it can do for you."
    # an article of 100 words or more gets a figure; a paragraph of 30 or more its own
    diags = lint_text(f"# Title\n\n{easy}\n\n{hard} {hard} {hard} {hard}\n", path="a.md", ruleset=_RULESETS["Medical.ReadingLevel"])
    assert [d.line for d in diags] == [1, 5]
    assert all(d.level.value == "suggestion" for d in diags)
    assert lint_text(f"# Title\n\n{easy}\n", path="a.md", ruleset=_RULESETS["Medical.ReadingLevel"]) == []


def test_own_domains_from_the_configuration_are_not_citations() -> None:
    from healthlint.ruleset import configure

    text = "About 30% of adults have insomnia ([our blog](https://clinic.example/blog/sleep)).\n"
    rules = _RULESETS["Medical.UncitedStatistic"]
    assert lint_text(text, path="a.md", ruleset=rules) == []
    mine = configure(rules, {}, own_domains=["clinic.example"])
    assert [d.match for d in lint_text(text, path="a.md", ruleset=mine)] == ["30%"]
    # the page's own canonical address counts as its own domain too
    page = "---\ncanonical: https://www.clinic.example/blog/x\n---\n" + text
    assert [d.match for d in lint_text(page, path="a.md", ruleset=rules)] == ["30%"]


def test_a_range_in_a_lone_cell_is_treated_as_one_number() -> None:
    """A cell holding only a figure is a label, not a claim: its range must not leak its end ('57%')."""
    from healthlint.api import Linter

    text = "# T\n\n| Drug | Rate |\n|---|---|\n| A | 53-57% |\n| B | 40% |\n"
    found = [d.match for d in Linter().lint_text(text, path="t.md") if d.rule == "Medical.UncitedStatistic"]
    assert found == []


# --------------------------------------------------------------------------- classes added for unseen copy

CLASS_FIRES = [
    # an approval sold: a selling cue keeps it even beside a reporting cue ("the only", "approved for")
    ("EvidenceClaim", "We stock the only FDA-cleared scalp device approved for teens.", "FDA-cleared"),
    ("EvidenceClaim", "Both are FDA-approved drugs that effectively control cravings.", "FDA-approved"),
    ("EvidenceClaim", "Liraglutide is an FDA-approved appetite injection.", "FDA-approved"),
    # safety by emphasis, painless as what a treatment is, denials after other words
    ("AbsoluteSafety", "Quick, affordable and, most of all, safe.", "most of all, safe"),
    ("AbsoluteSafety", "Every infusion is painless.", "is painless"),
    ("AbsoluteSafety", "Try our painless wax treatment today.", "painless wax treatment"),
    ("AbsoluteSafety", "Relief without the grogginess or the side effects of opioids.", "side effects"),
    ("AbsoluteSafety", "All the focus, none of the risks of stimulants.", "none of the risks"),
    # a condition named by a body part and a harm
    ("AbsoluteClaim", "This collagen shot reverses joint damage.", "reverses joint damage"),
    ("AbsoluteClaim", "Banish neck pain with one pillow.", "Banish neck pain"),
    # uniqueness, a promotional adjective second in a coordinated superlative, prevalence in a market
    ("Superlative", "Ours is the only medspa in Boise with this laser.", "the only medspa"),
    ("Superlative", "A detox retreat like no other.", "like no other"),
    ("Superlative", "Cupping is one of the most widely requested and effective services here.", "most widely requested and effective"),
    ("Superlative", "The most prescribed sleep patch in America.", "most prescribed"),
]

CLASS_NOOPS = [
    # an approval reported: the use and its limits, a year, a rank among approved drugs, a class of care
    ("EvidenceClaim", "Just one tablet is FDA-approved for this use, and it needs a doctor; it requires a prescription."),
    ("EvidenceClaim", "Sertraline was the second FDA-approved drug of its kind in 1991."),
    ("EvidenceClaim", "Evidence-backed treatments for insomnia include CBT-I."),
    ("EvidenceClaim", "Doctors may prescribe FDA-approved medications for ADHD after an evaluation."),
    # hedged safety, talk about risks, a negation inside the phrase
    ("AbsoluteSafety", "The shot is usually painless, but the arm may ache."),
    ("AbsoluteSafety", "It is generally safe for most adults."),
    ("AbsoluteSafety", "Never start a supplement without reading about the side effects."),
    ("AbsoluteSafety", "The procedure is not painless for everyone."),
    # a course of illness, a negation
    ("AbsoluteClaim", "Untreated diabetes can end in nerve damage."),
    ("AbsoluteClaim", "Nothing can reverse hearing loss once it sets in."),
    # descriptive prevalence, a comparison of a drug class
    ("Superlative", "Magnesium is one of the most popular and widely used supplements for sleep."),
    ("Superlative", "Unlike any other antidepressant class, MAOIs need a special diet."),
]


@pytest.mark.parametrize(("rule", "text", "expected"), CLASS_FIRES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(CLASS_FIRES)])
def test_class_fires(rule: str, text: str, expected: str) -> None:
    matches = found(rule, text)
    assert any(expected in m or m in expected for m in matches), matches


@pytest.mark.parametrize(("rule", "text"), CLASS_NOOPS, ids=[f"{r}-{i}" for i, (r, _) in enumerate(CLASS_NOOPS)])
def test_class_noop(rule: str, text: str) -> None:
    assert found(rule, text) == []


def test_a_selling_cue_overrides_a_reporting_cue() -> None:
    """The same reported status becomes a claim when the business sells with it."""
    assert found("EvidenceClaim", "It is the only FDA-approved patch for this condition.") == []
    assert found("EvidenceClaim", "We offer the only FDA-approved patch for this condition.") == ["FDA-approved"]


def test_an_ownerless_rate_is_a_testimonial_only_where_the_page_speaks_as_the_provider() -> None:
    """A figure as a line's value is the business's own on its own page, an industry's elsewhere."""
    line = "Women, age 40 and up: 86% completion rate. 18 of 21 female alumni stay sober."
    ours = f"Our program tracks every graduate.\n\n{line}\n"
    theirs = f"Treatment programs vary widely.\n\n{line}\n"
    assert found("TestimonialStatistic", ours) == ["86% completion rate", "18 of 21 female alumni"]
    assert found("TestimonialStatistic", theirs) == []


def test_a_rate_with_an_owner_on_a_provider_page_is_not_a_testimonial() -> None:
    text = "Our clinic keeps its own records.\n\nAcross the country, clinics average a 30% success rate.\n"
    assert found("TestimonialStatistic", text) == []


def test_a_figure_both_token_sets_match_is_reported_once() -> None:
    assert found("TestimonialStatistic", "Our clinic: 91% recovery rate.\n") == ["91% recovery rate"]
