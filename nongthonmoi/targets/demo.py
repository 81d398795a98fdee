"""Demo data for Cao Bằng: rural-tourism and security training feeding the computed targets, and
the seed article's conference (17/11/2022) with its conclusions and illustrative tasks.

Deterministic and idempotent. Every number here is illustrative (DEMO_NOTE), not official.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import transaction

from nongthonmoi.accounts.models import User
from nongthonmoi.core.text import fold
from nongthonmoi.demo.base import COMMUNE_A, COMMUNE_B, DEMO_NOTE, PROVINCE, SEED
from nongthonmoi.places.models import AdminUnit, Level, Structure

from .loading import sync_catalogue
from .models import (
    Conclusion,
    Conference,
    Course,
    Participant,
    ParticipantRole,
    Plan,
    Programme,
    Target,
    Task,
    TaskState,
    Topic,
    TrainingDenominator,
)
from .queries import bump_computed_version

DEPARTMENTS = [
    # username, full name, organisation
    ("so.vhttdl.caobang", "Nông Thị Du", "Sở Văn hoá, Thể thao và Du lịch tỉnh Cao Bằng"),
    ("so.nnmt.caobang", "Hoàng Văn Nông", "Sở Nông nghiệp và Môi trường tỉnh Cao Bằng"),
]

# per demo commune: (businesses, workers, security force) and people trained per course year
DENOMINATORS = [(4, 20, 8), (3, 15, 6), (5, 25, 10), (2, 10, 5), (3, 15, 6), (3, 15, 5)]
OWNERS_TRAINED = {2023: [1, 1, 2, 0, 1, 1], 2024: [1, 1, 1, 1, 0, 1], 2025: [1, 1, 1, 0, 1, 0]}
WORKERS_TRAINED = {2023: [6, 5, 8, 3, 4, 4], 2024: [5, 4, 6, 3, 4, 4], 2025: [5, 3, 5, 2, 3, 3]}
SECURITY_TRAINED = [6, 5, 7, 4, 4, 4]

SURNAMES = ["Nông", "Hoàng", "Lục", "Bế", "Đàm", "La", "Triệu", "Hà", "Lương", "Vi", "Mã", "Lò"]
MIDDLE = ["Văn", "Thị", "Đức", "Thu", "Minh", "Ngọc"]
GIVEN = [
    "An",
    "Bình",
    "Chung",
    "Dung",
    "Hạnh",
    "Khánh",
    "Lan",
    "Mai",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Thảo",
    "Tuấn",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
]

CONFERENCE_TITLE = (
    "Hội nghị trực tuyến toàn quốc quán triệt, triển khai một số nội dung trọng tâm và các "
    "chương trình chuyên đề thuộc Chương trình MTQG xây dựng nông thôn mới giai đoạn 2021–2025"
)
CONFERENCE_DATE = dt.date(2022, 11, 17)
CHAIR = "Thứ trưởng Bộ Nông nghiệp và Phát triển nông thôn Trần Thành Nam"
CONCLUSIONS = [
    "Các bộ, ngành, địa phương xây dựng kế hoạch cụ thể triển khai thực hiện chương trình phù hợp "
    "với điều kiện thực tế.",
    "Xác định các nội dung trọng tâm để ưu tiên triển khai: chuyển đổi số trong nông nghiệp, "
    "Chương trình OCOP gắn với phát triển thương mại điện tử, du lịch thông minh, xây dựng NTM "
    "nâng cao.",
    "Phân bổ nguồn vốn đầu tư thực hiện chương trình có trọng tâm, trọng điểm và bền vững, bảo đảm "
    "công bằng, công khai, minh bạch, hiệu quả; tích cực hỗ trợ các xã, huyện chưa đạt chuẩn NTM.",
    "Các địa phương chủ động lồng ghép nguồn vốn các chương trình mục tiêu quốc gia khác để tập "
    "trung hoàn thành mục tiêu xây dựng NTM giai đoạn 2023–2025.",
    "Tập huấn, truyền thông, nâng cao năng lực, kết nối du lịch nông thôn: phấn đấu 70% chủ cơ sở "
    "du lịch nông thôn được đào tạo, tập huấn về nghiệp vụ quản lý du lịch; 80% lao động du lịch "
    "nông thôn được bồi dưỡng, tập huấn kỹ năng phục vụ khách du lịch.",
]
# (conclusion number, department index or None = commune, title, start, deadline, state, targets)
TASKS = [
    (
        1,
        1,
        "Xây dựng kế hoạch triển khai Chương trình MTQG xây dựng NTM 2023–2025 của tỉnh",
        dt.date(2022, 11, 21),
        dt.date(2022, 12, 31),
        TaskState.DONE,
        [],
    ),
    (
        5,
        0,
        "Tổ chức các lớp tập huấn du lịch nông thôn cho chủ cơ sở và lao động",
        dt.date(2023, 1, 1),
        dt.date(2025, 12, 31),
        TaskState.DONE,
        ["DLNT-CHU-CO-SO", "DLNT-LAO-DONG"],
    ),
    (
        2,
        1,
        "Đề án chuyển đổi số trong nông nghiệp và OCOP gắn với thương mại điện tử",
        dt.date(2026, 3, 1),
        dt.date(2026, 10, 31),
        TaskState.IN_PROGRESS,
        ["OCOP-3-SAO"],
    ),
    (
        5,
        0,
        "Bồi dưỡng bổ sung cho lao động du lịch nông thôn chưa được tập huấn",
        dt.date(2026, 6, 1),
        dt.date(2026, 12, 31),
        TaskState.OPEN,
        ["DLNT-LAO-DONG"],
    ),
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def demo_communes() -> list[AdminUnit]:
    communes = list(
        AdminUnit.objects.filter(
            structure=Structure.NEW, level=Level.COMMUNE, province__code=PROVINCE
        ).order_by("code")
    )
    first = [c for c in communes if c.code in (COMMUNE_A, COMMUNE_B)]
    rest = [c for c in communes if c.code not in (COMMUNE_A, COMMUNE_B)]
    return (first + rest)[: len(DENOMINATORS)]


def ensure_department_users() -> dict[str, User]:
    users = {}
    for username, full_name, organisation in DEPARTMENTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "job_title": f"Chuyên viên {organisation}",
                "email": f"{username}@demo.nongthonmoi.local",
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


def _participants(course: Course, rows: list[tuple[str, int, str, AdminUnit, str]]) -> None:
    Participant.objects.bulk_create(
        Participant(
            course=course,
            full_name=name,
            birth_year=born,
            role=role,
            commune=commune,
            organisation=organisation,
            person_key=f"{fold(name)}|{born}|{commune.pk}",
        )
        for name, born, role, commune, organisation in rows
    )


def load_training(province: AdminUnit, communes: list[AdminUnit]) -> int:
    rng = random.Random(SEED)
    tourism = Programme.objects.get(code="du-lich-nong-thon")
    security = Programme.objects.get(code="an-ninh-trat-tu")
    for year in (2023, 2025):
        for commune, (businesses, workers, force) in zip(communes, DENOMINATORS, strict=True):
            TrainingDenominator.objects.update_or_create(
                commune=commune,
                year=year,
                defaults={
                    "tourism_businesses": businesses,
                    "tourism_workers": workers,
                    "security_force": force,
                },
            )
    created = 0
    trained_owners: list[tuple[str, int, str, AdminUnit, str]] = []
    for year in (2023, 2024, 2025):
        course, was_created = Course.objects.get_or_create(
            title=f"Lớp bồi dưỡng nghiệp vụ du lịch nông thôn năm {year}",
            unit=province,
            defaults={
                "topic": Topic.RURAL_TOURISM,
                "programme": tourism,
                "start_date": dt.date(year, 9, 10),
                "end_date": dt.date(year, 9, 14),
                "organiser": DEPARTMENTS[0][2],
                "note": DEMO_NOTE,
            },
        )
        if not was_created:
            continue
        created += 1
        rows = []
        for i, commune in enumerate(communes):
            for n in range(OWNERS_TRAINED[year][i]):
                row = (
                    _name(rng),
                    1970 + rng.randrange(30),
                    ParticipantRole.TOURISM_OWNER,
                    commune,
                    f"Homestay {commune.name.replace('Xã ', '')} {n + 1}",
                )
                rows.append(row)
                trained_owners.append(row)
            for _ in range(WORKERS_TRAINED[year][i]):
                rows.append(
                    (
                        _name(rng),
                        1980 + rng.randrange(25),
                        ParticipantRole.TOURISM_WORKER,
                        commune,
                        "",
                    )
                )
        if year == 2025 and trained_owners:
            rows.append(trained_owners[0])  # attends again: still one person trained
        _participants(course, rows)
    course, was_created = Course.objects.get_or_create(
        title="Tập huấn nghiệp vụ bảo đảm an ninh trật tự trong xây dựng nông thôn mới năm 2024",
        unit=province,
        defaults={
            "topic": Topic.SECURITY_ORDER,
            "programme": security,
            "start_date": dt.date(2024, 5, 6),
            "end_date": dt.date(2024, 5, 8),
            "organiser": "Công an tỉnh Cao Bằng",
            "note": DEMO_NOTE,
        },
    )
    if was_created:
        created += 1
        _participants(
            course,
            [
                (_name(rng), 1975 + rng.randrange(25), ParticipantRole.SECURITY_FORCE, commune, "")
                for i, commune in enumerate(communes)
                for _ in range(SECURITY_TRAINED[i])
            ],
        )
    bump_computed_version()
    return created


def load_conference(province: AdminUnit, users: dict[str, User]) -> int:
    conference, _ = Conference.objects.get_or_create(
        title=CONFERENCE_TITLE,
        held_on=CONFERENCE_DATE,
        unit=province,
        defaults={
            "chair": CHAIR,
            "is_online": True,
            "attendees": "Điểm cầu Cao Bằng: lãnh đạo các sở, ngành, Văn phòng điều phối NTM tỉnh "
            "và các huyện, Thành phố.",
            "summary": "Theo bài “Hội nghị trực tuyến triển khai Chương trình Mục tiêu quốc gia "
            "XDNTM giai đoạn 2021 - 2025” (Baocaobang.vn). Nhiệm vụ dưới đây là minh hoạ: "
            + DEMO_NOTE,
        },
    )
    conference.bridge_points.add(province)
    conclusions = {}
    for number, text in enumerate(CONCLUSIONS, start=1):
        conclusions[number], _ = Conclusion.objects.get_or_create(
            conference=conference, number=number, defaults={"text": text}
        )
    created = 0
    for number, dept, title, start, deadline, state, codes in TASKS:
        username, _, organisation = DEPARTMENTS[dept]
        plan, _ = Plan.objects.get_or_create(
            unit=province,
            year=deadline.year,
            defaults={"title": f"Kế hoạch năm {deadline.year} — {province.name}"},
        )
        task, was_created = Task.objects.get_or_create(
            conclusion=conclusions[number],
            title=title,
            defaults={
                "plan": plan,
                "assignee_org": organisation,
                "assignee_unit": province,
                "owner": users[username],
                "start_date": start,
                "deadline": deadline,
                "state": state,
                "completed_on": deadline if state == TaskState.DONE else None,
            },
        )
        if was_created:
            task.targets.set(Target.objects.filter(code__in=codes))
            created += 1
    return created


@transaction.atomic
def load() -> list[str]:
    lines = sync_catalogue()
    province = AdminUnit.objects.get(structure=Structure.NEW, code=PROVINCE)
    communes = demo_communes()
    users = ensure_department_users()
    courses = load_training(province, communes)
    tasks = load_conference(province, users)
    return [
        *lines,
        f"targets: {courses} training courses, {tasks} conference tasks created (Cao Bằng demo)",
    ]
