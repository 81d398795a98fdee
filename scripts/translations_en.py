"""English translations of the foundation's Vietnamese UI strings, merged into locale/en by
``python scripts/translations_en.py`` after ``manage.py makemessages -l en``.

Vietnamese is the source language of the UI (the users' language); English is the translation.
Apps may keep their own dictionary beside this one (``EN`` in ``<app>/translations_en.py``).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

EN = {
    "Tài khoản": "Accounts",
    "Nhật ký thay đổi": "Audit log",
    "Cán bộ xã": "Commune officer",
    "Cán bộ thẩm định huyện (dữ liệu 2021–2025)": "District reviewer (2021–2025 data)",
    "Văn phòng điều phối NTM tỉnh (phê duyệt)": "Provincial NTM coordination office (approver)",
    "Văn phòng điều phối NTM Trung ương (theo dõi)": "Central NTM coordination office (viewer)",
    "Thành viên Hội đồng OCOP": "OCOP council member",
    "Thư ký Hội đồng OCOP": "OCOP council secretary",
    "Chủ thể OCOP": "OCOP producer",
    "Biên tập viên cổng thông tin": "Portal editor",
    "Người duyệt bài cổng thông tin": "Portal reviewer",
    "Quản trị hệ thống": "Administrator",
    "họ và tên": "full name",
    "điện thoại": "phone",
    "chức vụ": "job title",
    "người dùng": "user",
    "vai trò": "role",
    "đơn vị": "unit",
    "phân công": "assignment",
    "Toàn quốc": "Nationwide",
    "tên": "name",
    "mã truy cập API": "API token",
    "Mã truy cập": "Access token",
    "Đã tạo mã truy cập API. Hãy lưu lại: mã chỉ hiện một lần.": "API token created. Save it now: it is shown only once.",
    "Đã thu hồi mã truy cập.": "Token revoked.",
    "thời điểm": "time",
    "người thực hiện": "actor",
    "hành động": "action",
    "loại đối tượng": "object type",
    "mã đối tượng": "object id",
    "đối tượng": "object",
    "trước": "before",
    "sau": "after",
    "lý do": "reason",
    "nhật ký thay đổi": "audit entry",
    "Đơn vị hành chính": "Administrative units",
    "Bản đồ 2021–2025 (63 tỉnh, 3 cấp)": "2021–2025 map (63 provinces, 3 levels)",
    "Bản đồ từ 1/7/2025 (34 tỉnh, 2 cấp)": "Map from 1 July 2025 (34 provinces, 2 levels)",
    "tỉnh": "province",
    "huyện": "district",
    "xã": "commune",
    "Tỉnh": "Province",
    "Thành phố trực thuộc trung ương": "Centrally governed city",
    "Huyện": "District",
    "Quận": "Urban district",
    "Thị xã": "Town",
    "Thành phố thuộc tỉnh": "Provincial city",
    "Xã": "Commune",
    "Phường": "Ward",
    "Thị trấn": "Township",
    "Đặc khu": "Special zone",
    "Trung du và miền núi phía Bắc": "Northern midlands and mountains",
    "Đồng bằng sông Hồng": "Red River Delta",
    "Bắc Trung Bộ": "North Central Coast",
    "Duyên hải Nam Trung Bộ": "South Central Coast",
    "Tây Nguyên": "Central Highlands",
    "Đông Nam Bộ": "Southeast",
    "Đồng bằng sông Cửu Long": "Mekong Delta",
    "Nhóm 1: giáp đô thị hoặc nông nghiệp dưới 10% cơ cấu kinh tế": "Group 1: next to urban areas or agriculture under 10% of the economy",
    "Nhóm 2: các xã còn lại": "Group 2: other communes",
    "Nhóm 3: vùng đồng bào dân tộc thiểu số và miền núi khu vực II, III": "Group 3: ethnic-minority and mountain areas II, III",
    "không": "none",
    "khu vực I": "area I",
    "khu vực II": "area II",
    "khu vực III": "area III",
    "bản đồ": "map",
    "mã": "code",
    "cấp": "level",
    "loại": "kind",
    "đơn vị cấp trên": "parent unit",
    "hiệu lực từ": "valid from",
    "hiệu lực đến": "valid to",
    "vùng": "region",
    "nhóm xã (2026–2030)": "commune group (2026–2030)",
    "miền núi": "mountainous",
    "hải đảo": "island",
    "biên giới": "border",
    "vùng đồng bào DTTS": "ethnic-minority area",
    "đặc biệt khó khăn": "specially difficult",
    "an toàn khu (ATK)": "safe zone (ATK)",
    "người cập nhật thuộc tính": "attributes set by",
    "cập nhật thuộc tính lúc": "attributes set at",
    "ghi chú thuộc tính": "attributes note",
    "đơn vị hành chính": "administrative unit",
    "kế thừa đơn vị": "unit succession",
    "Đã cập nhật thuộc tính của %(unit)s.": "Attributes of %(unit)s updated.",
    "Tiếng Việt": "Vietnamese",
    "English": "English",
    "Không có quyền truy cập": "Access denied",
    "Bạn không có quyền thực hiện thao tác này với đơn vị đã chọn.": "You may not do this for the selected unit.",
    "Về trang chủ": "Back to the home page",
    "Không tìm thấy trang": "Page not found",
    "Trang bạn tìm không tồn tại hoặc nằm ngoài phạm vi đơn vị của bạn.": "The page does not exist or is outside your units.",
    "Mã đơn vị": "Unit code",
    "Tên đăng nhập": "Username",
    "Lọc": "Filter",
    "Thời điểm": "Time",
    "Người thực hiện": "Actor",
    "Hành động": "Action",
    "Đối tượng": "Object",
    "Đơn vị": "Unit",
    "Trước → sau": "Before → after",
    "Lý do": "Reason",
    "Không có bản ghi.": "No entries.",
    "Tài khoản tạm khoá": "Account temporarily locked",
    "Đăng nhập sai quá nhiều lần. Vì an toàn, tài khoản bị tạm khoá 30 phút. Hãy thử lại sau hoặc dùng chức năng quên mật khẩu.": "Too many failed logins. For safety the account is locked for 30 minutes. Try again later or reset your password.",
    "Đăng nhập": "Log in",
    "Mật khẩu": "Password",
    "Quên mật khẩu?": "Forgot your password?",
    "Tài khoản của tôi": "My account",
    "Chức vụ": "Job title",
    "Thư điện tử": "E-mail",
    "Đổi mật khẩu": "Change password",
    "Phân công": "Assignments",
    "Vai trò": "Role",
    "Bản đồ": "Map",
    "Chưa có phân công.": "No assignments yet.",
    "Mã truy cập API": "API tokens",
    "Mã mới (chỉ hiện một lần):": "New token (shown only once):",
    "Thu hồi": "Revoke",
    "Chưa có mã nào.": "No tokens yet.",
    "Tên mã, ví dụ: báo cáo tự động": "Token name, e.g. automated report",
    "Tên mã": "Token name",
    "Tạo mã truy cập": "Create token",
    "Lưu": "Save",
    "Đặt lại mật khẩu": "Reset password",
    "Nhập địa chỉ thư điện tử của tài khoản; chúng tôi sẽ gửi đường dẫn đặt lại mật khẩu.": "Enter the account's e-mail address; we will send a link to reset the password.",
    "Gửi": "Send",
    "Đã đặt lại mật khẩu": "Password reset",
    "Đặt mật khẩu mới": "Set a new password",
    "Lưu mật khẩu": "Save password",
    "Đường dẫn không hợp lệ hoặc đã được dùng. Hãy yêu cầu đặt lại mật khẩu lần nữa.": "The link is invalid or has been used. Please request a new one.",
    "Đã gửi hướng dẫn": "Instructions sent",
    "Nếu địa chỉ thư điện tử có trong hệ thống, bạn sẽ nhận được đường dẫn đặt lại mật khẩu.": "If the address is known, you will receive a link to reset your password.",
    "Bạn (hoặc ai đó) đã yêu cầu đặt lại mật khẩu cho tài khoản": "You (or someone else) asked to reset the password of the account",
    "Mở đường dẫn sau để đặt mật khẩu mới:": "Open this link to set a new password:",
    "Nếu bạn không yêu cầu, hãy bỏ qua thư này.": "If you did not ask for this, ignore this e-mail.",
    "Nông thôn mới": "New Rural Development",
    "Hệ thống quản lý Chương trình MTQG xây dựng nông thôn mới": "New Rural Development Programme management system",
    "Chuyển đến nội dung": "Skip to content",
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới": "National Target Programme on New Rural Development",
    "Đăng xuất": "Log out",
    "Phân hệ": "Modules",
    "Trang chủ": "Home",
    "nongthonmoi — phần mềm nguồn mở (AGPL-3.0) phục vụ Chương trình MTQG xây dựng nông thôn mới.": "nongthonmoi — open-source software (AGPL-3.0) for the National Target Programme on New Rural Development.",
    "Nhiệm vụ của bạn": "Your roles",
    "Bạn chưa được phân công tại đơn vị nào. Liên hệ quản trị hệ thống.": "You have no assignment at any unit yet. Contact the administrator.",
    "Xem đơn vị hành chính": "Browse administrative units",
    "Nền tảng nguồn mở giúp văn phòng điều phối, hội đồng, xã và người dân theo dõi bộ tiêu chí nông thôn mới, sản phẩm OCOP, nguồn vốn, khảo sát sự hài lòng và kết quả thực hiện Chương trình.": "An open-source platform for coordination offices, councils, communes and citizens to follow the NTM criteria, OCOP products, funding, satisfaction surveys and the programme's results.",
    "tỉnh, thành phố (từ 1/7/2025)": "provinces and cities (from 1 July 2025)",
    "xã, phường, đặc khu": "communes, wards and special zones",
    "tiêu chí xã nông thôn mới giai đoạn 2026–2030": "NTM commune criteria for 2026–2030",
    "Phân trang": "Pagination",
    "Trước": "Previous",
    "Trang %(n)s/%(total)s": "Page %(n)s of %(total)s",
    "Sau": "Next",
    "Thuộc tính": "Attributes",
    "Thuộc tính của": "Attributes of",
    "Nhóm xã, vùng và đặc điểm quyết định ngưỡng tiêu chí và hệ số phân bổ vốn. Mọi thay đổi được ghi nhật ký.": "Commune group, region and flags decide the criteria thresholds and the funding coefficients. Every change is logged.",
    "Huỷ": "Cancel",
    "Vị trí": "Location",
    "Loại": "Kind",
    "Hiệu lực đến": "Valid until",
    "Hiệu lực từ": "Valid from",
    "Vùng": "Region",
    "Nhóm xã (2026–2030)": "Commune group (2026–2030)",
    "chưa xác định": "not set",
    "Đặc điểm": "Flags",
    "Ghi chú": "Note",
    "Cập nhật thuộc tính": "Attributes updated",
    "Sửa thuộc tính": "Edit attributes",
    "Hình thành từ (trước 1/7/2025)": "Formed from (before 1 July 2025)",
    "Sáp nhập vào (từ 1/7/2025)": "Merged into (from 1 July 2025)",
    "Đơn vị trực thuộc": "Units below",
    "Mã": "Code",
    "Tên": "Name",
    "Số xã": "Communes",
    "Bản đồ hành chính": "Administrative map",
    "Tìm theo tên, có hoặc không dấu (ví dụ: Cao Bang)": "Search by name, with or without diacritics (e.g. Cao Bang)",
    "Tìm đơn vị": "Find a unit",
    "Tìm": "Search",
    "%(p)s tỉnh · %(d)s huyện · %(c)s xã": "%(p)s provinces · %(d)s districts · %(c)s communes",
    "%(p)s tỉnh · %(c)s xã, phường, đặc khu": "%(p)s provinces · %(c)s communes, wards and special zones",
    "Không có đơn vị nào trong phạm vi của bạn trên bản đồ này.": "No unit of yours on this map.",
    "Tìm đơn vị hành chính": "Find an administrative unit",
    "Tên đơn vị, có hoặc không dấu": "Unit name, with or without diacritics",
    "Thuộc": "In",
    "Không tìm thấy đơn vị nào.": "No unit found.",
}
PLURALS = {
    "Bạn có quyền xem %(counter)s đơn vị hành chính.": (
        "You can see %(counter)s administrative unit.",
        "You can see %(counter)s administrative units.",
    ),
}
APP_DICTIONARIES = [
    "nongthonmoi.criteria.translations_en",
    "nongthonmoi.ocop.translations_en",
    "nongthonmoi.funding.translations_en",
    "nongthonmoi.feedback.translations_en",
    "nongthonmoi.targets.translations_en",
    "nongthonmoi.portal.translations_en",
    "nongthonmoi.reports.translations_en",
    "nongthonmoi.rounds.translations_en",
]


def all_translations() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    singular, plural = dict(EN), dict(PLURALS)
    for module_name in APP_DICTIONARIES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        singular.update(getattr(module, "EN", {}))
        plural.update(getattr(module, "PLURALS", {}))
    return singular, plural


def main() -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    singular, plural = all_translations()
    path = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    missing = []
    for entry in po:
        if entry.msgid_plural and entry.msgid in plural:
            entry.msgstr_plural = {0: plural[entry.msgid][0], 1: plural[entry.msgid][1]}
        elif entry.msgid in singular:
            entry.msgstr = singular[entry.msgid]
        elif not entry.msgstr:
            missing.append(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "en"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.save()
    print(f"{len(po)} entries, {len(missing)} without English")
    for msgid in missing:
        print("  missing:", msgid[:80])


if __name__ == "__main__":
    main()
