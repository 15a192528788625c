"""The Gold Card's data kept as data, as known when the portal opened: the professional
fields (領域專長) with their qualification criteria, and the overseas missions where
passports are verified. The migration seeds these rows; staff edit them in the admin.

The criteria listed are those the seeds name (the monthly-salary criterion, with the Ministry
of Labor's proof rules, applies to every field) plus one field-specific criterion each, as the
competent authorities word them in short; further criteria are added in the admin.
"""

SALARY_CRITERION = "salary_160k"

SALARY_PROOF_ZH = (
    "最近月薪達新臺幣十六萬元者，指申請月起前三年內月薪或月平均薪資達新臺幣十六萬元以上。"
    "薪資證明或納稅證明文件，指下列文件之一：一、薪資扣繳證明或官方財稅證明，但因財稅法令規定"
    "而未能檢具者，得於敘明未能檢具之財稅法令規定後，以出具雇主證明為之。"
    "二、未來擬於我國受聘僱之聘僱契約書。"
)
SALARY_PROOF_EN = (
    "A monthly salary, or average monthly salary, of at least NT$160,000 in the three years "
    "before the month of application. Proof is one of: (1) a salary withholding statement or "
    "an official tax document (where tax law prevents that, state the rule and give an "
    "employer's certificate instead); (2) the employment contract for the job in Taiwan."
)

# (code, name_zh, name_en)
FIELDS = [
    ("science_technology", "科技領域", "Science and technology"),
    ("economy", "經濟領域", "Economy"),
    ("education", "教育領域", "Education"),
    ("culture_arts", "文化、藝術領域", "Culture and arts"),
    ("sports", "體育領域", "Sports"),
    ("finance", "金融領域", "Finance"),
    ("law", "法律領域", "Law"),
    ("architecture", "建築設計領域", "Architecture"),
    ("national_defence", "國防領域", "National defence"),
    ("digital", "數位領域", "Digital"),
]

# (field code, criterion code, name_zh, name_en, proof_zh, proof_en)
CRITERIA = [
    (
        "science_technology",
        "stem_expertise",
        "具有科技領域之關鍵技術或專業能力，經中央目的事業主管機關推薦者",
        "Key skills or expertise in science and technology, recommended by the competent authority",
        "檢附推薦函及專業能力證明文件。",
        "Attach the recommendation letter and proof of the expertise.",
    ),
    (
        "economy",
        "economy_expertise",
        "在經濟領域具有特殊專長，經經濟部推薦者",
        "Special expertise in the economic field, recommended by the Ministry of Economic Affairs",
        "檢附推薦函及相關工作經歷證明。",
        "Attach the recommendation letter and proof of the work experience.",
    ),
    (
        "education",
        "professor",
        "曾任或現任大專校院教授、副教授或相當職務者",
        "Full or associate professor (or equivalent) at a university, now or before",
        "檢附聘書或任職證明。",
        "Attach the letter of appointment or proof of the position.",
    ),
    (
        "culture_arts",
        "arts_award",
        "曾獲國際性或全國性文化藝術獎項者",
        "Winner of an international or national award in culture or the arts",
        "檢附得獎證明及相關報導。",
        "Attach proof of the award and press coverage of it.",
    ),
    (
        "sports",
        "athlete",
        "曾代表國家參加國際體育賽事或擔任國家級教練者",
        "Represented a country at international sports events or coached a national team",
        "檢附參賽或任職證明。",
        "Attach proof of the participation or the coaching position.",
    ),
    (
        "finance",
        "finance_executive",
        "曾任金融機構高階主管或具金融科技專長者",
        "Senior executive of a financial institution, or fintech expertise",
        "檢附任職證明或專業能力證明。",
        "Attach proof of the position or of the expertise.",
    ),
    (
        "law",
        "lawyer",
        "具外國律師資格並有執業經驗者",
        "Qualified as a lawyer abroad, with practice experience",
        "檢附律師資格證明及執業證明。",
        "Attach the bar admission and proof of practice.",
    ),
    (
        "architecture",
        "architect",
        "具外國建築師資格或曾獲國際建築設計獎項者",
        "Qualified architect abroad, or winner of an international architecture award",
        "檢附建築師資格證明或得獎證明。",
        "Attach the architect's licence or proof of the award.",
    ),
    (
        "national_defence",
        "defence_expertise",
        "具國防相關關鍵技術或專業能力，經國防部推薦者",
        "Key skills in defence technology, recommended by the Ministry of National Defense",
        "檢附推薦函及專業能力證明文件。",
        "Attach the recommendation letter and proof of the expertise.",
    ),
    (
        "digital",
        "digital_expertise",
        "具數位產業關鍵技術或專業能力，經數位發展部推薦者",
        "Key skills in the digital industry, recommended by the Ministry of Digital Affairs",
        "檢附推薦函及專業能力證明文件。",
        "Attach the recommendation letter and proof of the expertise.",
    ),
]

SALARY_NAME_ZH = "曾任或現任於其他國家或於我國最近月薪達新臺幣16萬元"
SALARY_NAME_EN = "Monthly salary of at least NT$160,000, now or before, in Taiwan or abroad"

# Where a passport is verified (繳驗護照): the Bureau of Consular Affairs and a selection of
# overseas missions. (code, name_zh, name_en, country ISO code)
MISSIONS = [
    ("BOCA", "外交部領事事務局", "Bureau of Consular Affairs, Taipei", "TW"),
    ("US-WAS", "駐美國台北經濟文化代表處", "TECRO in the United States (Washington, D.C.)", "US"),
    ("US-NYC", "駐紐約台北經濟文化辦事處", "TECO in New York", "US"),
    ("US-SFO", "駐舊金山台北經濟文化辦事處", "TECO in San Francisco", "US"),
    ("US-LAX", "駐洛杉磯台北經濟文化辦事處", "TECO in Los Angeles", "US"),
    ("CA-OTT", "駐加拿大台北經濟文化代表處", "TECO in Canada (Ottawa)", "CA"),
    ("CA-YVR", "駐溫哥華台北經濟文化辦事處", "TECO in Vancouver", "CA"),
    ("GB-LON", "駐英國台北代表處", "Taipei Representative Office in the UK (London)", "GB"),
    ("DE-BER", "駐德國台北代表處", "Taipei Representative Office in Germany (Berlin)", "DE"),
    ("FR-PAR", "駐法國台北代表處", "Taipei Representative Office in France (Paris)", "FR"),
    ("NL-HAG", "駐荷蘭台北代表處", "Taipei Representative Office in the Netherlands", "NL"),
    ("JP-TYO", "台北駐日經濟文化代表處", "TECRO in Japan (Tokyo)", "JP"),
    ("JP-OSA", "台北駐大阪經濟文化辦事處", "TECO in Osaka", "JP"),
    ("KR-SEL", "駐韓國台北代表部", "Taipei Mission in Korea (Seoul)", "KR"),
    ("SG-SIN", "駐新加坡台北代表處", "Taipei Representative Office in Singapore", "SG"),
    ("MY-KUL", "駐馬來西亞台北經濟文化辦事處", "TECO in Malaysia (Kuala Lumpur)", "MY"),
    ("TH-BKK", "駐泰國台北經濟文化辦事處", "TECO in Thailand (Bangkok)", "TH"),
    ("VN-HAN", "駐越南台北經濟文化辦事處", "TECO in Vietnam (Hanoi)", "VN"),
    ("PH-MNL", "駐菲律賓台北經濟文化辦事處", "TECO in the Philippines (Manila)", "PH"),
    ("ID-JKT", "駐印尼台北經濟貿易代表處", "TETO in Indonesia (Jakarta)", "ID"),
    ("IN-DEL", "駐印度台北經濟文化中心", "TECC in India (New Delhi)", "IN"),
    ("AU-CBR", "駐澳大利亞台北經濟文化辦事處", "TECO in Australia (Canberra)", "AU"),
    ("NZ-WLG", "駐紐西蘭台北經濟文化辦事處", "TECO in New Zealand (Wellington)", "NZ"),
]


def ensure_reference_data(apps=None) -> None:
    """Create the rows above where they are missing (by code); never overwrite staff edits."""
    if apps is None:
        from django.apps import apps
    Field = apps.get_model("goldcard", "ProfessionalField")
    Criterion = apps.get_model("goldcard", "QualificationCriterion")
    Mission = apps.get_model("goldcard", "OverseasMission")
    for order, (code, name_zh, name_en) in enumerate(FIELDS):
        field, _created = Field.objects.get_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en, "sort_order": order}
        )
        Criterion.objects.get_or_create(
            field=field,
            code=SALARY_CRITERION,
            defaults={
                "name_zh": SALARY_NAME_ZH,
                "name_en": SALARY_NAME_EN,
                "proof_zh": SALARY_PROOF_ZH,
                "proof_en": SALARY_PROOF_EN,
                "is_salary": True,
                "sort_order": 0,
            },
        )
    fields = {f.code: f for f in Field.objects.all()}
    for order, (field_code, code, name_zh, name_en, proof_zh, proof_en) in enumerate(CRITERIA, 1):
        Criterion.objects.get_or_create(
            field=fields[field_code],
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "proof_zh": proof_zh,
                "proof_en": proof_en,
                "sort_order": order,
            },
        )
    for order, (code, name_zh, name_en, country) in enumerate(MISSIONS):
        Mission.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "country_code": country,
                "sort_order": order,
            },
        )
