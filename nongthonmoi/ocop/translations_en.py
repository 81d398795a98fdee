"""English for the OCOP pages (Vietnamese is the source language); merged by
scripts/translations_en.py into locale/en."""

EN = {
    "OCOP": "OCOP",
    "Sản phẩm OCOP": "OCOP products",
    "Chương trình Mỗi xã một sản phẩm (OCOP)": "One Commune One Product programme (OCOP)",
    "Danh mục sản phẩm OCOP (công khai)": "OCOP product catalogue (public)",
    "Giấy chứng nhận sắp hết hạn": "Certificates expiring soon",
    "Thống kê": "Statistics",
    "Hội đồng đánh giá": "Evaluation council",
    "Chủ thể và sản phẩm của tôi": "My producers and products",
    "Sửa": "Edit",
    "Sản phẩm": "Product",
    "Mã": "Code",
    "Hạng": "Stars",
    "Sửa, ảnh, minh chứng": "Edit, photos, evidence",
    "Lập hồ sơ": "Prepare a dossier",
    "Chưa có sản phẩm.": "No products yet.",
    "Bạn chưa đăng ký thông tin chủ thể OCOP.": "You have not registered your OCOP producer yet.",
    "Đăng ký chủ thể": "Register the producer",
    "Đăng ký sản phẩm mới": "Register a new product",
    "Hồ sơ chờ xã kiểm tra": "Dossiers waiting for the commune's check",
    "Loại": "Kind",
    "Ngày nộp": "Filed on",
    "Hạn (15 ngày làm việc)": "Deadline (15 working days)",
    "quá hạn": "overdue",
    "Hồ sơ xã đã đề nghị lên tỉnh": "Dossiers forwarded by communes",
    "Xã": "Commune",
    "Đợt": "Round",
    "Hạn Hội đồng tỉnh": "Provincial council deadline",
    "Trạng thái": "Status",
    "Mở phiên họp Hội đồng": "Open a council session",
    "Phiên họp Hội đồng": "Council sessions",
    "Hồ sơ gần đây": "Recent dossiers",
    "Chủ thể OCOP": "OCOP producer",
    "Hội, hiệp hội và trung tâm điều hành chỉ đăng ký sản phẩm nhóm dịch vụ du lịch (Điều 2.3).": "Associations and operators register tourism products only (Art. 2.3).",
    "Lưu": "Save",
    "Đăng ký chủ thể OCOP": "Register an OCOP producer",
    "Đăng ký sản phẩm": "Register a product",
    "Đăng ký sản phẩm OCOP": "Register an OCOP product",
    "Mã sản phẩm T-X-STT-năm được cấp khi UBND xã đề nghị lên tỉnh.": "The product code T-X-STT-year is assigned when the commune forwards the dossier.",
    "Lưu sản phẩm": "Save the product",
    "Xem sản phẩm": "View the product",
    "Lập hồ sơ đánh giá": "Prepare an evaluation dossier",
    "Thông tin sản phẩm": "Product details",
    "Ảnh sản phẩm": "Product photos",
    "Chưa có ảnh.": "No photos yet.",
    "Ảnh được thu nhỏ tự động (tối đa 1200 px, ảnh nhỏ 400 px).": "Photos are resized automatically (at most 1200 px, thumbnails 400 px).",
    "Tải ảnh lên": "Upload the photo",
    "Thư viện minh chứng của chủ thể": "The producer's evidence library",
    "Tài liệu lưu một lần, gắn vào mọi hồ sơ (đánh giá lại, nâng hạng) mà không phải nộp lại.": "Documents are stored once and attached to every dossier (re-evaluation, upgrade) without uploading them again.",
    "hiệu lực đến": "valid until",
    "Chưa có tài liệu.": "No documents yet.",
    "Thêm tài liệu": "Add the document",
    "Mã sản phẩm": "Product code",
    "Chủ thể": "Producer",
    "Bộ sản phẩm": "Product set",
    "nhóm": "group",
    "Quy cách đóng gói": "Packaging",
    "Mã truy xuất": "Traceability code",
    "Trang công khai của sản phẩm": "The product's public page",
    "Hồ sơ": "Dossiers",
    "Điểm TB": "Average",
    "Chưa có hồ sơ.": "No dossiers yet.",
    "Giấy chứng nhận": "Certificates",
    "Quyết định": "Decision",
    "Hiệu lực đến": "Valid until",
    "Thu hồi giấy chứng nhận": "Revoke the certificate",
    "Thu hồi": "Revoke",
    "Chưa được công nhận.": "Not certified yet.",
    "Lập hồ sơ đánh giá, phân hạng": "Evaluation and ranking dossier",
    "Thêm tài liệu mới ở trang sửa sản phẩm; tài liệu đã có trong thư viện chỉ cần đánh dấu.": "Add new documents on the product's edit page; documents already in the library only need ticking.",
    "Tạo hồ sơ": "Create the dossier",
    "điểm": "points",
    "hạn hoàn thành": "to be completed by",
    "Bộ tiêu chí": "Rulebook",
    "Hạn xã kiểm tra (15 ngày làm việc, Điều 7.2)": "Commune check deadline (15 working days, Art. 7.2)",
    "Xã đề nghị ngày": "Forwarded by the commune on",
    "Hội đồng tỉnh quyết định trước": "provincial council decides before",
    "Điều 5.1": "Art. 5.1",
    "Phiên họp": "Session",
    "Báo cáo tự đánh giá (Mẫu 02)": "Self-assessment report (Form 02)",
    "Tài liệu minh chứng": "Evidence",
    "hết hiệu lực": "expired",
    "Không có.": "None.",
    "Đánh giá của xã (Mẫu 03)": "The commune's assessment (Form 03)",
    "Đạt": "Met",
    "Không đạt": "Not met",
    "Khi nộp, hồ sơ chuyển tới UBND xã để kiểm tra trong 15 ngày làm việc.": "Once submitted, the dossier goes to the commune, which checks it within 15 working days.",
    "Nộp cho UBND xã": "Submit to the commune",
    "Xã kiểm tra và đề nghị lên tỉnh": "Commune check and proposal to the province",
    "Đề nghị Hội đồng tỉnh đánh giá": "Propose to the provincial council",
    "Trả lại hồ sơ": "Return the dossier",
    "Trả lại kèm ý kiến": "Return with comments",
    "Diễn biến": "History",
    "Phiên họp Hội đồng đánh giá, phân hạng OCOP cấp tỉnh": "Sessions of the provincial OCOP evaluation council",
    "Mở phiên họp": "Open a session",
    "Ngày": "Date",
    "Thành viên": "Members",
    "Chưa có phiên họp.": "No sessions yet.",
    "Phiếu chấm (PDF)": "Score sheets (PDF)",
    "Biên bản (PDF)": "Minutes (PDF)",
    "bộ": "set",
    "Sửa phiếu của tôi": "Edit my sheet",
    "Chấm điểm": "Score",
    "Trung bình": "Average",
    "chưa chấm": "not scored",
    "Chưa đạt yêu cầu tối thiểu": "Minimums not met",
    "Điểm trung bình từng tiêu chí và chênh lệch giữa các thành viên": "Average per criterion and the members' differences",
    "Tiêu chí": "Criterion",
    "TB": "Avg",
    "Chênh lệch": "Disagreements",
    "chênh": "spread",
    "Kết thúc phiên họp": "Close the session",
    "Hạng sao theo điểm trung bình (Điều 3.3), giới hạn bởi yêu cầu tối thiểu có dấu sao. 3–4 sao: UBND tỉnh công nhận; từ 90 điểm: gửi Hội đồng cấp trung ương.": "Stars follow the average total (Art. 3.3), capped by the starred minimums. 3–4 stars: recognised by the province; 90 points and above: forwarded to the central council.",
    "Kết thúc và ghi kết quả": "Close and record the results",
    "Kết luận": "Conclusions",
    "Phiếu chấm": "Score sheet",
    "Mức có dấu ★ là yêu cầu tối thiểu cho hạng sao tương ứng.": "Options marked ★ are the minimum for that star level.",
    "Hồ sơ bị loại khi": "The dossier is rejected when",
    "Bạn không có tên trong danh sách chấm của phiên họp này: phiếu chỉ để xem.": "You are not a scoring member of this session: the sheet is read-only.",
    "Phần": "Part",
    "tối đa": "max",
    "Nhận xét": "Comments",
    "Tổng": "Total",
    "còn %s tiêu chí chưa chấm": "%s criteria not scored yet",
    "Lưu phiếu chấm": "Save the sheet",
    "Giấy chứng nhận OCOP": "OCOP certificates",
    "Giấy chứng nhận OCOP sắp hết hạn": "OCOP certificates expiring soon",
    "Đang trong thời hạn nộp hồ sơ đánh giá lại (180–120 ngày trước khi hết hạn, Điều 7.6.a)": "In the re-evaluation filing window (180–120 days before expiry, Art. 7.6.a)",
    "Nhắc hạn đã gửi": "Reminders sent",
    "Mốc": "Stage",
    "Người nhận": "Recipients",
    "mở thời hạn nộp hồ sơ đánh giá lại": "re-evaluation window opens",
    "sắp hết thời hạn nộp hồ sơ đánh giá lại": "re-evaluation window closing",
    "Chưa có.": "None yet.",
    "Thống kê OCOP": "OCOP statistics",
    "Thống kê sản phẩm OCOP": "OCOP product statistics",
    "sản phẩm có giấy chứng nhận còn hiệu lực": "products with a valid certificate",
    "sản phẩm từ 3 sao so với mục tiêu toàn quốc": "products at 3★+ against the national target",
    "chủ thể là HTX, tổ hợp tác (mục tiêu ≥": "producers that are cooperatives (target ≥",
    "chủ thể là doanh nghiệp (mục tiêu ≥": "producers that are enterprises (target ≥",
    "chủ thể do phụ nữ làm đại diện": "producers represented by a woman",
    "Mục tiêu": "Targets",
    "Số chủ thể": "Producers",
    "Theo hạng sao": "By stars",
    "Theo nhóm": "By group",
    "Theo bộ sản phẩm": "By product set",
    "Theo tỉnh": "By province",
    "Theo năm công nhận": "By year of recognition",
    "Tìm": "Search",
    "Không tìm thấy sản phẩm.": "No products found.",
    "Địa phương": "Locality",
    "Công nhận": "Recognition",
    "sao": "stars",
    "ngày": "of",
    "Quy cách": "Packaging",
    "Nơi mua": "Where to buy",
    "Liên hệ": "Contact",
    "Tìm sản phẩm": "Search products",
    "Tỉnh": "Province",
    "Nhóm": "Group",
    "Hạng sao": "Stars",
    "Hợp tác xã": "Cooperative",
    "Tổ hợp tác": "Cooperative group",
    "Doanh nghiệp nhỏ và vừa": "Small or medium enterprise",
    "Trang trại": "Farm",
    "Hộ sản xuất có đăng ký kinh doanh": "Registered household business",
    "Hội, hiệp hội (du lịch)": "Association (tourism)",
    "Trung tâm điều hành, tổ chức tương đương (du lịch)": "Operator or similar body (tourism)",
    "Đánh giá lần đầu": "First evaluation",
    "Nâng hạng": "Upgrade",
    "Đánh giá lại": "Re-evaluation",
    "Đang soạn": "Draft",
    "Đã nộp, chờ xã kiểm tra": "Submitted, waiting for the commune",
    "Trả lại để bổ sung": "Returned for completion",
    "Xã đã đề nghị lên tỉnh": "Forwarded by the commune",
    "Hội đồng tỉnh đang đánh giá": "Under evaluation by the provincial council",
    "Được công nhận": "Certified",
    "Không đạt 3 sao": "Below 3 stars",
    "Đã gửi Hội đồng cấp trung ương (5 sao)": "Forwarded to the central council (5 stars)",
    "Đang chấm": "Scoring",
    "Đã kết thúc": "Closed",
    "Còn hiệu lực": "Valid",
    "Đã thu hồi": "Revoked",
    "Đã thay thế bằng quyết định mới": "Superseded by a new decision",
    "Bộ sản phẩm (Phụ lục I)": "Product set (Appendix I)",
    "Gian hàng thương mại điện tử": "E-commerce shops",
    "Mỗi dòng: tên sàn | địa chỉ, ví dụ: Shopee | https://shopee.vn/…": "One per line: platform | address, e.g. Shopee | https://shopee.vn/…",
    "Điểm bán": "Points of sale",
    "Chú thích": "Caption",
    "Tên tài liệu": "Document title",
    "Ví dụ: Giấy chứng nhận ATTP, Phiếu kiểm nghiệm, Đăng ký nhãn hiệu": "E.g. food-safety certificate, test report, trademark registration",
    "Tệp": "File",
    "Loại hồ sơ": "Dossier kind",
    "Tài liệu minh chứng (dùng lại từ thư viện)": "Evidence (re-used from the library)",
    "Nhận xét của xã (Mẫu 03)": "The commune's remarks (Form 03)",
    "Nội dung cần bổ sung, chỉnh sửa": "What must be completed or corrected",
    "Tên phiên họp": "Session title",
    "Ngày họp": "Meeting date",
    "Thành viên chấm điểm": "Scoring members",
    "Hồ sơ xã đã đề nghị": "Dossiers forwarded by communes",
    "Số quyết định công nhận của UBND tỉnh": "Number of the province's recognition decision",
    "Ví dụ: 1234/QĐ-UBND": "E.g. 1234/QĐ-UBND",
    "Ngày quyết định": "Decision date",
    "Kết luận của Hội đồng (ghi vào biên bản)": "The council's conclusions (for the minutes)",
    "Căn cứ thu hồi (Điều 8)": "Ground for revocation (Art. 8)",
    "Lý do cụ thể": "Details",
    "Sửa hồ sơ": "Edit the dossier",
    "Thêm tài liệu vào thư viện": "Add documents to the library",
    "Lưu hồ sơ": "Save the dossier",
    "Việc OCOP của bạn": "Your OCOP tasks",
    "Hồ sơ bị trả lại": "Returned dossiers",
    "hạn": "due",
    "Phiếu chấm chưa điền": "Score sheets to fill in",
    "Hồ sơ chờ đưa vào phiên họp": "Dossiers waiting for a session",
    "Trang OCOP": "OCOP page",
    "Không nhận tệp “%(extension)s”: chỉ nhận PDF, Word, Excel, OpenDocument, JPEG hoặc PNG.": (
        "Files of type “%(extension)s” are not accepted: PDF, Word, Excel, OpenDocument, JPEG or "
        "PNG only."
    ),
    "PDF, Word, Excel, OpenDocument, JPEG hoặc PNG; tối đa 20 MB.": (
        "PDF, Word, Excel, OpenDocument, JPEG or PNG; at most 20 MB."
    ),
    # central level (Điều 7.4): the ministry's result of a dossier forwarded at ≥ 90 points
    "Không được công nhận 5 sao (cấp trung ương)": "Not recognised at 5 stars (central level)",
    "Kết quả": "Result",
    "5 sao — Bộ trưởng Bộ Nông nghiệp và Môi trường công nhận": (
        "5 stars — recognised by the Minister of Agriculture and Environment"
    ),
    "4 sao — dưới 90 điểm, UBND tỉnh công nhận theo kết quả cấp trung ương": (
        "4 stars — under 90 points, recognised by the provincial People's Committee on the "
        "central result"
    ),
    "3 sao — dưới 90 điểm, UBND tỉnh công nhận theo kết quả cấp trung ương": (
        "3 stars — under 90 points, recognised by the provincial People's Committee on the "
        "central result"
    ),
    "Không công nhận": "Not recognised",
    "Chọn kết quả: 5 sao, 4 sao, 3 sao hoặc không công nhận.": (
        "Choose the result: 5 stars, 4 stars, 3 stars or not recognised."
    ),
    "Hạng sao không hợp lệ: chọn 5 sao, 4 sao, 3 sao hoặc không công nhận.": (
        "Invalid star rating: choose 5 stars, 4 stars, 3 stars or not recognised."
    ),
    "Số quyết định hoặc văn bản thông báo kết quả": "Number of the decision or result notice",
    "5 sao: quyết định của Bộ trưởng (ví dụ 1234/QĐ-BNNMT); 3–4 sao: quyết định của Chủ tịch UBND tỉnh; không công nhận: văn bản thông báo của Bộ.": (
        "5 stars: the Minister's decision (e.g. 1234/QĐ-BNNMT); 3–4 stars: the decision of the "
        "Chairman of the provincial People's Committee; not recognised: the ministry's notice."
    ),
    "Thiếu số quyết định hoặc văn bản thông báo kết quả.": (
        "The number of the decision or result notice is missing."
    ),
    "Số quyết định dài tối đa 60 ký tự.": "The decision number is at most 60 characters.",
    "Giấy chứng nhận có giá trị 36 tháng kể từ ngày này (Điều 4.3).": (
        "The certificate is valid for 36 months from this date (Art. 4.3)."
    ),
    "Thiếu ngày quyết định.": "The decision date is missing.",
    "Ngày quyết định không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 15/09/2026.": (
        "Invalid decision date: enter it as day/month/year, e.g. 15/09/2026."
    ),
    "Ghi chú (bắt buộc khi không công nhận: lý do theo thông báo của Bộ)": (
        "Note (required when not recognised: the reason given in the ministry's notice)"
    ),
    "Chỉ ghi kết quả cấp trung ương cho hồ sơ đã gửi Hội đồng cấp trung ương (đạt từ 90 điểm ở cấp tỉnh).": (
        "A central result is recorded only for a dossier forwarded to the central council "
        "(90 points or more at the provincial level)."
    ),
    "Số quyết định “%(number)s” không hợp lệ: cần có số văn bản, tối đa 60 ký tự (ví dụ 1234/QĐ-BNNMT).": (
        "Invalid decision number “%(number)s”: it needs the document's number, at most 60 "
        "characters (e.g. 1234/QĐ-BNNMT)."
    ),
    "Ghi rõ lý do không công nhận theo thông báo của Bộ.": (
        "Give the reason for not recognising it, as in the ministry's notice."
    ),
    "Thiếu ngày quyết định hoặc ngày không hợp lệ.": "The decision date is missing or invalid.",
    "Ngày quyết định %(date)s chưa đến: không được sau hôm nay.": (
        "The decision date %(date)s has not come yet: it cannot be after today."
    ),
    "Ngày quyết định %(date)s trước ngày Hội đồng tỉnh họp (%(earliest)s): kiểm tra lại.": (
        "The decision date %(date)s is before the provincial council met (%(earliest)s): check it."
    ),
    "Kết quả cấp trung ương của hồ sơ này đã được ghi.": (
        "The central result of this dossier has already been recorded."
    ),
    "Đã ghi kết quả cấp trung ương và cấp giấy chứng nhận %(stars)s sao.": (
        "Central result recorded and a %(stars)s-star certificate issued."
    ),
    "Đã ghi kết quả: không được công nhận 5 sao.": "Result recorded: not recognised at 5 stars.",
    "Kết quả cấp trung ương": "Central level result",
    "Hội đồng tỉnh: %(total)s điểm": "Provincial council: %(total)s points",
    "Bộ Nông nghiệp và Môi trường đánh giá và công nhận sản phẩm 5 sao (Điều 4.1.b, 7.4 Quyết định 26/2026/QĐ-TTg). Nếu sản phẩm không đạt 90 điểm ở cấp trung ương, Chủ tịch UBND tỉnh có thể căn cứ kết quả đó để công nhận 3 sao, 4 sao (Điều 7.4.g). Ghi lại kết quả đã công bố; giấy chứng nhận được cấp ngay khi lưu.": (
        "The Ministry of Agriculture and Environment evaluates and recognises 5-star products "
        "(Art. 4.1.b, 7.4 of Decision 26/2026/QĐ-TTg). If the product scores under 90 at the "
        "central level, the Chairman of the provincial People's Committee may recognise it at 3 "
        "or 4 stars on that result (Art. 7.4.g). Record the published result; the certificate is "
        "issued when you save."
    ),
    "Ghi kết quả": "Record the result",
    "Quay lại hồ sơ": "Back to the dossier",
    "Hồ sơ này không chờ kết quả cấp trung ương: chỉ hồ sơ đạt từ 90 điểm ở cấp tỉnh và đã gửi Hội đồng cấp trung ương mới ghi được kết quả.": (
        "This dossier is not waiting for a central result: only dossiers with 90 points or more "
        "at the provincial level, forwarded to the central council, take one."
    ),
    "văn bản số %(number)s ngày %(date)s": "document no. %(number)s of %(date)s",
    "Chờ kết quả cấp trung ương": "Waiting for the central result",
    "Hồ sơ đạt từ 90 điểm đã gửi Hội đồng cấp trung ương (Điều 7.3.e). Khi Bộ công bố kết quả, ghi lại để cấp giấy chứng nhận.": (
        "The dossier scored 90 points or more and was forwarded to the central council "
        "(Art. 7.3.e). When the ministry publishes its result, record it to issue the certificate."
    ),
    "Ghi kết quả cấp trung ương": "Record the central result",
    # rejection when the session is closed ("Hồ sơ bị loại khi", Phụ lục II)
    "Không được công nhận — hồ sơ bị loại": "Not recognised — dossier rejected",
    "Hồ sơ được chọn loại không thuộc phiên họp này.": (
        "The dossier chosen for rejection is not in this session."
    ),
    "Đã ghi lý do loại hồ sơ “%(name)s” nhưng chưa chọn điều kiện bị loại.": (
        "A reason to reject “%(name)s” was written but no rejection condition was chosen."
    ),
    "Điều kiện bị loại “%(key)s” không có trong phiếu đánh giá bộ %(set)s của hồ sơ “%(name)s”.": (
        "The rejection condition “%(key)s” is not printed on scoring sheet %(set)s of the "
        "dossier “%(name)s”."
    ),
    "Ghi rõ lý do loại hồ sơ “%(name)s” (bắt buộc khi chọn bị loại).": (
        "Give the reason for rejecting “%(name)s” (required when it is rejected)."
    ),
    "Kết luận về hồ sơ": "Council's conclusion on the dossier",
    "Không loại: xếp hạng theo điểm trung bình": "Not rejected: ranked by the average score",
    "Bị loại": "Rejected",
    "Điều kiện bị loại không hợp lệ: chọn một điều kiện in trong phiếu đánh giá của sản phẩm.": (
        "Invalid rejection condition: choose one printed on the product's scoring sheet."
    ),
    "Lý do loại hồ sơ (bắt buộc khi chọn bị loại)": (
        "Reason for rejecting the dossier (required when rejected)"
    ),
    "Hồ sơ bị loại": "Dossier rejected",
    "Hồ sơ bị loại (nếu có)": "Rejected dossiers (if any)",
    "Chỉ chọn khi Hội đồng kết luận hồ sơ thuộc một trường hợp “Hồ sơ bị loại khi” in trong phiếu đánh giá (Phụ lục II): hồ sơ không được công nhận, không xếp sao, không cấp giấy chứng nhận. Hồ sơ bị loại không cần phiếu chấm.": (
        "Choose only when the council concludes that the dossier falls under a “Hồ sơ bị loại "
        "khi” (dossier rejected when) condition printed on the scoring sheet (Appendix II): the "
        "dossier is not recognised, gets no stars and no certificate. A rejected dossier needs "
        "no score sheet."
    ),
    "Hội đồng cấp tỉnh kết luận hồ sơ bị loại: không được công nhận, không xếp sao, không cấp giấy chứng nhận.": (
        "The provincial council rejected the dossier: not recognised, no stars, no certificate."
    ),
    "Điều kiện bị loại": "Rejection condition",
    "Giấy chứng nhận 5 sao do Bộ trưởng Bộ Nông nghiệp và Môi trường quyết định thu hồi (Điều 8.2.b Quyết định 26/2026/QĐ-TTg); UBND tỉnh chỉ thu hồi giấy chứng nhận 3 sao, 4 sao. Hãy báo cáo, đề nghị Bộ thu hồi.": (
        "5-star certificates are revoked by decision of the Minister of Agriculture and "
        "Environment (Article 8.2.b, Decision 26/2026/QĐ-TTg); the provincial People's Committee "
        "revokes only 3-star and 4-star certificates. Report it and ask the Ministry to revoke it."
    ),
    "Giấy chứng nhận 5 sao: ghi số, ngày quyết định thu hồi của Bộ trưởng Bộ Nông nghiệp và Môi trường vào lý do cụ thể (Điều 8.2.b).": (
        "5-star certificate: enter the number and date of the Minister of Agriculture and "
        "Environment's revocation decision in the specific reason (Article 8.2.b)."
    ),
    "Hồ sơ chờ kết quả cấp trung ương": "Dossiers awaiting the central level's result",
    "ghi kết quả": "record the result",
}
