using System.Globalization;
using System.Text;

namespace KartraDashboard.Simulation;

/// <summary>A part of a name as the lead typed it, and the ASCII form used to build an email address.</summary>
public sealed record NamePart(string Native, string Latin)
{
    /// <summary>"山田|yamada" gives both forms; a name in Latin script derives its ASCII form.</summary>
    public static NamePart Parse(string entry)
    {
        var bar = entry.IndexOf('|');
        return bar < 0 ? new NamePart(entry, ToAscii(entry)) : new NamePart(entry[..bar], entry[(bar + 1)..]);
    }

    private static string ToAscii(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            switch (c)
            {
                case 'ß': ascii.Append("ss"); break;
                case 'ð' or 'Ð': ascii.Append('d'); break;
                case 'þ' or 'Þ': ascii.Append("th"); break;
                case 'æ' or 'Æ': ascii.Append("ae"); break;
                case 'ø' or 'Ø': ascii.Append('o'); break;
                case 'ł' or 'Ł': ascii.Append('l'); break;
                case 'đ' or 'Đ': ascii.Append('d'); break;
                default:
                    if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && char.IsAsciiLetterOrDigit(c))
                        ascii.Append(c);
                    break;
            }
        }
        return ascii.ToString().ToLowerInvariant();
    }
}

public sealed record City(string Name, string State, string Zip);

/// <summary>Where leads come from: names, places and the rules (GDPR, VAT) that follow from the country.</summary>
public sealed record Country(
    string Name,
    string PhoneCode,
    bool SubjectToGdpr,
    decimal VatRate,
    string IpPrefix,
    IReadOnlyList<City> Cities,
    IReadOnlyList<string> Streets,
    IReadOnlyList<string> EmailDomains,
    IReadOnlyList<NamePart> FirstNames,
    IReadOnlyList<NamePart> LastNames,
    IReadOnlyList<NamePart> MiddleNames,
    IReadOnlyList<NamePart> SecondLastNames,
    int Weight);

/// <summary>Something a lead acts on: a list, tag, form, sequence, link, video, page.</summary>
public sealed record CatalogItem(int Id, string Name);

public sealed record MembershipLevel(int MembershipId, string MembershipName, int LevelId, string LevelName);

public sealed record CalendarClass(int CalendarId, string CalendarName, int ClassId, string ClassName);

/// <summary>
/// A product on sale. <see cref="Payments"/> is 1 for a one-off, the number of instalments for a
/// payment plan, and 0 for a subscription that runs until cancelled.
/// </summary>
public sealed record SimulatedProduct(
    int Id,
    string Name,
    string OfficialName,
    int PricePoint,
    decimal Price,
    bool Recurring,
    int Payments,
    int TrialDays,
    decimal Shipping,
    MembershipLevel? Membership);

/// <summary>The made-up Kartra account the simulator plays: its audience and everything it sells.</summary>
public static class SimulationCatalog
{
    private static IReadOnlyList<NamePart> Names(params string[] entries) => entries.Select(NamePart.Parse).ToArray();

    public static readonly IReadOnlyList<Country> Countries =
    [
        new("United States", "+1", false, 0m, "73.", [new("New York", "NY", "10001"), new("Austin", "TX", "73301"), new("San Diego", "CA", "92101"), new("Chicago", "IL", "60601")],
            ["{0} Maple Avenue", "{0} Oak Street", "{0} Sunset Blvd, Apt {1}"], ["gmail.com", "yahoo.com", "outlook.com", "icloud.com"],
            Names("John", "Emily", "Michael", "Ashley", "DeShawn", "Maria", "Tyler", "Madison"), Names("Miller", "Johnson", "Brown", "Davis", "Washington", "O'Connor", "Nguyen"),
            Names("Lee", "Ann", "J."), [], 30),
        new("Mexico", "+52", false, 0m, "187.", [new("Guadalajara", "Jalisco", "44100"), new("Ciudad de México", "CDMX", "06700")],
            ["Av. Insurgentes Sur {0}", "Calle Hidalgo {0}"], ["gmail.com", "hotmail.com"],
            Names("José", "María", "Guadalupe", "Sofía"), Names("García", "Hernández", "Martínez"), [], Names("López", "Ramírez", "Núñez"), 5),
        new("Spain", "+34", true, 0.21m, "88.", [new("Madrid", "Madrid", "28013"), new("Sevilla", "Andalucía", "41001")],
            ["Calle de Alcalá {0}", "Paseo de Gracia {0}, {1}º"], ["gmail.com", "telefonica.es"],
            Names("Lucía", "Javier", "Iñigo", "Begoña"), Names("Fernández", "Muñoz", "Ruiz"), [], Names("Peña", "Ibáñez", "Gómez"), 4),
        new("Germany", "+49", true, 0.19m, "91.", [new("München", "Bayern", "80331"), new("Köln", "Nordrhein-Westfalen", "50667")],
            ["Hauptstraße {0}", "Königsallee {0}"], ["web.de", "gmx.de", "t-online.de"],
            Names("Zoë", "Jürgen", "Lena", "Björn"), Names("Müller", "Weiß", "Schröder", "Groß"), Names("Maria", "Karl"), [], 5),
        new("Japan", "+81", false, 0m, "126.", [new("東京", "東京都", "100-0001"), new("大阪市", "大阪府", "530-0001")],
            ["千代田区丸の内{0}-{1}", "北区梅田{0}-{1}"], ["yahoo.co.jp", "gmail.com"],
            Names("太郎|taro", "花子|hanako", "翔太|shota", "さくら|sakura"), Names("山田|yamada", "佐藤|sato", "鈴木|suzuki"), [], [], 4),
        new("Russia", "+7", false, 0m, "95.", [new("Москва", "Москва", "101000"), new("Санкт-Петербург", "Санкт-Петербург", "190000")],
            ["ул. Тверская, д. {0}, кв. {1}", "Невский пр., д. {0}"], ["mail.ru", "yandex.ru"],
            Names("Анна|anna", "Дмитрий|dmitry", "Ольга|olga", "Сергей|sergey"), Names("Иванова|ivanova", "Смирнов|smirnov", "Кузнецова|kuznetsova"),
            Names("Сергеевна|sergeevna", "Игоревич|igorevich"), [], 3),
        new("Egypt", "+20", false, 0m, "41.", [new("القاهرة", "القاهرة", "11511"), new("الإسكندرية", "الإسكندرية", "21500")],
            ["شارع التحرير {0}", "شارع الهرم {0}"], ["gmail.com", "yahoo.com"],
            Names("محمد|mohamed", "فاطمة|fatma", "أحمد|ahmed", "مريم|mariam"), Names("علي|ali", "حسن|hassan", "عبد الله|abdallah"), [], [], 3),
        new("India", "+91", false, 0m, "49.", [new("Mumbai", "Maharashtra", "400001"), new("Bengaluru", "Karnataka", "560001")],
            ["{0} MG Road", "Flat {1}, {0} Linking Road"], ["gmail.com", "rediffmail.com"],
            Names("Priya", "Arjun", "Ananya", "Rohan"), Names("Sharma", "Patel", "Iyer", "Reddy"), Names("Kumar"), [], 5),
        new("Vietnam", "+84", false, 0m, "113.", [new("Hà Nội", "Hà Nội", "100000"), new("Thành phố Hồ Chí Minh", "Hồ Chí Minh", "700000")],
            ["{0} Phố Huế", "{0} Đường Lê Lợi"], ["gmail.com"],
            Names("An", "Mai", "Dũng", "Hương"), Names("Nguyễn", "Trần", "Lê", "Phạm"), Names("Văn", "Thị", "Minh"), [], 3),
        new("Iceland", "+354", true, 0.24m, "157.", [new("Reykjavík", "Höfuðborgarsvæðið", "101"), new("Akureyri", "Norðurland eystra", "600")],
            ["Laugavegur {0}", "Skólavörðustígur {0}"], ["simnet.is", "gmail.com"],
            Names("Ólafur", "Guðrún", "Þórir", "Sigríður"), Names("Jónsson", "Sigurðardóttir", "Þórsson"), [], [], 2),
        new("Nigeria", "+234", false, 0m, "105.", [new("Lagos", "Lagos", "100001"), new("Enugu", "Enugu", "400001")],
            ["{0} Awolowo Road, Ikoyi", "{0} Ogui Road"], ["gmail.com", "yahoo.com"],
            Names("Chidi", "Ngozi", "Emeka", "Folake"), Names("Okafor", "Adeyemi", "Eze", "Balogun"), [], [], 3),
        new("France", "+33", true, 0.20m, "90.", [new("Paris", "Île-de-France", "75001"), new("Lyon", "Auvergne-Rhône-Alpes", "69001")],
            ["{0} rue de Rivoli", "{0} avenue Jean-Jaurès"], ["orange.fr", "free.fr", "gmail.com"],
            Names("Chloé", "François", "Hélène", "Jérôme"), Names("Lefèvre", "Dubois", "Bézier"), Names("Marie"), [], 4),
        new("Brazil", "+55", false, 0m, "177.", [new("São Paulo", "SP", "01000-000"), new("Florianópolis", "SC", "88010-000")],
            ["Rua Augusta, {0}", "Av. Paulista, {0}, apto {1}"], ["gmail.com", "uol.com.br"],
            Names("João", "Ana Luíza", "Conceição", "Thiago"), Names("Silva", "Souza", "Gonçalves"), [], [], 4),
        new("China", "+86", false, 0m, "36.", [new("北京", "北京市", "100000"), new("上海", "上海市", "200000")],
            ["朝阳区建国路{0}号", "浦东新区世纪大道{0}号"], ["qq.com", "163.com"],
            Names("伟|wei", "娜|na", "静|jing"), Names("王|wang", "李|li", "张|zhang"), [], [], 3),
        new("South Korea", "+82", false, 0m, "211.", [new("서울", "서울특별시", "04524")],
            ["강남구 테헤란로 {0}"], ["naver.com", "gmail.com"],
            Names("민준|minjun", "서연|seoyeon"), Names("김|kim", "이|lee", "박|park"), [], [], 2),
        new("Greece", "+30", true, 0.24m, "79.", [new("Αθήνα", "Αττική", "105 57"), new("Θεσσαλονίκη", "Κεντρική Μακεδονία", "546 21")],
            ["Οδός Ερμού {0}", "Λεωφόρος Νίκης {0}"], ["gmail.com", "otenet.gr"],
            Names("Γιώργος|giorgos", "Ελένη|eleni"), Names("Παπαδόπουλος|papadopoulos", "Οικονόμου|oikonomou"), [], [], 2),
        new("Israel", "+972", false, 0m, "84.", [new("תל אביב", "מחוז תל אביב", "6100000")],
            ["רחוב דיזנגוף {0}"], ["gmail.com", "walla.co.il"],
            Names("נועה|noa", "יוסי|yossi"), Names("כהן|cohen", "לוי|levi"), [], [], 2),
        new("Poland", "+48", true, 0.23m, "83.", [new("Kraków", "małopolskie", "30-001"), new("Gdańsk", "pomorskie", "80-001")],
            ["ul. Floriańska {0}", "ul. Długa {0}/{1}"], ["wp.pl", "onet.pl"],
            Names("Łukasz", "Zofia", "Małgorzata"), Names("Wójcik", "Kowalczyk", "Żak"), [], [], 2),
        new("Ireland", "+353", true, 0.23m, "86.", [new("Dublin", "Leinster", "D02 X285"), new("Galway", "Connacht", "H91 E2K3")],
            ["{0} O'Connell Street", "{0} Shop Street"], ["eircom.net", "gmail.com"],
            Names("Siobhán", "Seán", "Aoife"), Names("O'Brien", "Ó Súilleabháin", "Murphy"), [], [], 2),
        new("United Kingdom", "+44", true, 0.20m, "81.", [new("London", "England", "SW1A 1AA"), new("Edinburgh", "Scotland", "EH1 1YZ")],
            ["{0} Baker Street", "Flat {1}, {0} Royal Mile"], ["btinternet.com", "gmail.com"],
            Names("Oliver", "Amelia", "Harry"), Names("Smith", "Clarke", "Taylor-Jones"), Names("James"), [], 4),
        new("Sweden", "+46", true, 0.25m, "78.", [new("Göteborg", "Västra Götaland", "411 01")],
            ["Kungsgatan {0}"], ["telia.com", "gmail.com"],
            Names("Åsa", "Björn", "Märta"), Names("Lindström", "Åkesson"), [], [], 2),
    ];

    public static readonly IReadOnlyList<CatalogItem> Lists =
        [new(1, "Newsletter"), new(2, "Webinar Registrants"), new(3, "Customers"), new(4, "Free Guide Leads"), new(5, "Affiliates")];

    public static readonly IReadOnlyList<CatalogItem> Tags =
        [new(11, "Lead Magnet: Free Guide"), new(12, "Webinar Attendee"), new(13, "Customer"), new(14, "VIP"), new(15, "Cold Lead"),
         new(16, "Refunded"), new(17, "Affiliate"), new(18, "Engaged"), new(19, "Abandoned Cart"), new(20, "Webinar Registered")];

    /// <summary>Interest tags, a long tail: picked with falling odds, so a few are big and most are small.</summary>
    public static readonly IReadOnlyList<CatalogItem> InterestTags =
    [
        .. new[]
        {
            "Email marketing", "Funnels", "Webinars", "Copywriting", "Facebook ads", "SEO", "Podcasting", "YouTube", "Coaching", "Memberships",
            "Affiliate marketing", "Pricing", "Product launch", "Lead magnets", "Analytics", "Automation", "Branding", "Sales calls",
            "Community", "Course creation", "Instagram", "TikTok", "LinkedIn", "Retargeting", "Surveys", "Quizzes", "Checkout design",
            "Upsells", "Refund policy", "Mindset",
        }.Select((name, i) => new CatalogItem(101 + i, "Interest: " + name)),
    ];

    public static readonly IReadOnlyList<CatalogItem> Forms =
        [new(21, "Free Guide Opt-in"), new(22, "Webinar Registration"), new(23, "Contact Us"), new(24, "Quiz: Which plan fits you?")];

    public static readonly IReadOnlyList<CatalogItem> Sequences =
        [new(31, "Welcome Series"), new(32, "Webinar Reminders"), new(33, "Onboarding – Funnel Mastery"), new(34, "Win-back Campaign")];

    public static readonly IReadOnlyList<CatalogItem> TrackingLinks =
        [new(41, "Facebook Ads – Spring"), new(42, "YouTube description"), new(43, "Podcast sponsor"), new(44, "Partner newsletter")];

    public static readonly IReadOnlyList<CatalogItem> SplitTestLinks =
        [new(51, "Sales page A/B – headline"), new(52, "Opt-in page A/B – video vs. text")];

    public static readonly IReadOnlyList<CatalogItem> Videos =
        [new(61, "Welcome from the founder"), new(62, "Webinar replay"), new(63, "Module 1 – Getting started"), new(64, "Case study: 0 to 10k")];

    public static readonly IReadOnlyList<CatalogItem> Pages =
        [new(71, "Home"), new(72, "Free Guide Landing"), new(73, "Sales Page – Funnel Mastery"), new(74, "Checkout"),
         new(75, "Thank You"), new(76, "Affiliate Program"), new(77, "Pricing")];

    public static readonly IReadOnlyList<CalendarClass> CalendarClasses =
        [new(81, "Strategy Calls", 1, "30-minute discovery call"), new(81, "Strategy Calls", 2, "60-minute deep dive"),
         new(82, "Live Workshops", 3, "Funnel Teardown – Tuesday"), new(82, "Live Workshops", 4, "Q&A Office Hours")];

    public static readonly MembershipLevel CoachingGold = new(91, "Inner Circle", 2, "Gold");
    public static readonly MembershipLevel AcademyPro = new(92, "Pro Academy", 1, "Pro");
    public static readonly MembershipLevel CourseStudent = new(93, "Funnel Mastery", 1, "Student");
    public static readonly MembershipLevel CourseVip = new(93, "Funnel Mastery", 3, "VIP");
    /// <summary>An external membership: Kartra sends no level for those.</summary>
    public static readonly MembershipLevel CommunityForum = new(94, "Community Forum (external)", 0, "");

    public static readonly IReadOnlyList<SimulatedProduct> Products =
    [
        new(101, "ebook-launch", "The Launch Playbook (eBook)", 1, 27.00m, false, 1, 0, 0m, null),
        new(102, "course-core", "Funnel Mastery Course", 1, 297.00m, false, 1, 0, 0m, CourseStudent),
        new(103, "coaching-monthly", "Inner Circle Coaching", 2, 97.00m, true, 12, 0, 0m, CoachingGold),
        new(104, "print-journal", "Daily Focus Journal (Print)", 1, 34.95m, false, 1, 0, 6.95m, null),
        new(105, "academy-pro", "Pro Academy Membership", 3, 49.00m, true, 0, 14, 0m, AcademyPro),
        new(106, "workshop-ticket", "Live Workshop Ticket", 1, 149.00m, false, 1, 0, 0m, CommunityForum),
        new(107, "bundle-vip", "VIP Bundle – 3 payments", 4, 349.00m, true, 3, 0, 0m, CourseVip),
    ];

    public static readonly IReadOnlyList<string> PaymentProcessors = ["PayPal", "Braintree", "Stripe", "Authorize.net"];

    /// <summary>Affiliates and JV brokers known before the run; leads who sign up during it join them.</summary>
    public static readonly IReadOnlyList<string> KnownPartners = ["marketing_mike", "launchpad_jv", "sarah.promotes", "growthhackers_co"];

    public static readonly IReadOnlyList<string> Companies =
        ["", "", "", "Acme Coaching LLC", "Blue Ocean Media", "Studio Nord", "Kaizen Digital", "Sole & Luna S.L.", "Tech & Trade GmbH"];

    public static readonly IReadOnlyList<string> Sources = ["0", "facebook", "google", "youtube", "direct", "podcast"];

    public static readonly IReadOnlyList<int> ScoreMilestones = [50, 100, 250];
}
