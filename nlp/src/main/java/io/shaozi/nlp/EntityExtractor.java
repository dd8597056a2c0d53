package io.shaozi.nlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Places and addresses, phone numbers, dates, times and durations. Offsets refer to the normalized text. */
final class EntityExtractor {

    private static final String CN = "[0-9一二三四五六七八九十百零两〇]";

    /** Suffixes of named address parts, longest alternatives first. */
    private static final Pattern SUFFIX = Pattern.compile(
            "街道|小区|社区|花园|家园|嘉园|公寓|大厦|新村|家属院|宿舍区|宿舍|号院|大街|大道|胡同|开发区|新区|自治县|"
            + "地铁站|公交站|火车站|广场|公园|医院|幼儿园|小学|中学|菜市场|农贸市场|商场|超市|"
            + "区|县|市|镇|乡|路|街|巷|苑|村|府|园");
    private static final Pattern BUILDING = Pattern.compile(
            "(?:" + CN + "{1,4}|[A-Za-z])(?:号楼|栋|幢|座|号院)|[0-9]{1,3}楼(?=" + CN + "{1,3}(?:单元|层))");
    private static final Pattern UNIT = Pattern.compile(CN + "{1,3}单元|[0-9]{1,2}门(?=[0-9])");
    private static final Pattern FLOOR = Pattern.compile(CN + "{1,3}(?:层|楼)(?=[0-9]{2,5})");
    private static final Pattern ROOM = Pattern.compile("[0-9]{2,5}(?:室|房间|号房|户|房)?");
    private static final Pattern ROAD_NUMBER = Pattern.compile("[甲乙丙丁]?(?:" + CN + "{1,5})号(?:院)?(?!楼)");
    private static final String STOP_CHARS = "在住是的我你他她们到从于和与及这那些了说对把被给向往去来要有就都也还又很太咱俺";
    private static final String[] STOP_WORDS = {"我家", "你家", "他家", "住家", "附近", "门口", "对面", "旁边", "楼下", "楼上", "里面", "一个", "整个", "位于"};

    private static final String DAY = "(?:大前天|前天|昨天|今天|明天|后天|大后天|今早|今晚|明早|明晚|昨晚|昨夜|今日|明日|昨日|"
            + "(?:下|上|这|本)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天1-7]|"
            + "(?:[0-9]{4}年)?[0-9]{1,2}月[0-9]{1,2}(?:日|号)|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|"
            + "[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}(?:日|号)|[0-9]{4}年[0-9]{1,2}月)";
    private static final String PART = "(?:早上|上午|中午|下午|傍晚|晚上|夜里|夜间|半夜|深夜|凌晨|早晨|清晨)";
    private static final String CLOCK = "(?:[0-9]{1,2}(?:[:：][0-9]{2}|点(?:[0-9]{1,2}分?|半|一刻)?)|[一二三四五六七八九十两]{1,3}点(?:半|一刻|[一二三四五六七八九十]{1,3}分?)?)(?:左右|以后|之后|以前|之前|多)?";
    private static final Pattern DATE = Pattern.compile("(?=[大前昨今明后下上这本个周星礼0-9一二三四五六七八九十])" + DAY + "(?:的)?(?:" + PART + ")?(?:" + CLOCK + ")?");
    private static final Pattern TIME = Pattern.compile("(?=[每早上中下傍晚夜半深凌清0-9一二三四五六七八九十两])(?:(?:每天|每晚|每到)?" + PART + "(?:" + CLOCK + ")?|" + CLOCK + ")");
    private static final Pattern DURATION = Pattern.compile(
            "(?=[0-9一二两三四五六七八九十百几好半])([0-9]{1,3}|[一二两三四五六七八九十百几]{1,3}|好几|十几|半)(?:个)?(多)?(分钟|小时|钟头|天|周|星期|礼拜|个月|月|年)(多)?(?:了|之久|以上|左右)?");
    private static final StartChars SUFFIX_SCAN = StartChars.of(SUFFIX);
    private static final StartChars BUILDING_SCAN = StartChars.of(BUILDING);
    private static final StartChars UNIT_SCAN = StartChars.of(UNIT);
    private static final StartChars FLOOR_SCAN = StartChars.of(FLOOR);
    private static final StartChars DATE_SCAN = StartChars.of(DATE);
    private static final StartChars TIME_SCAN = StartChars.of(TIME);
    private static final StartChars DURATION_SCAN = StartChars.of(DURATION);
    private static final StartChars MOBILE_SCAN = StartChars.of(Masking.MOBILE);
    private static final StartChars LANDLINE_SCAN = StartChars.of(Masking.LANDLINE);

    /** Every filtered scan of this class (for tests). */
    static List<StartChars> scans() {
        return List.of(SUFFIX_SCAN, BUILDING_SCAN, UNIT_SCAN, FLOOR_SCAN, DATE_SCAN, TIME_SCAN, DURATION_SCAN,
                MOBILE_SCAN, LANDLINE_SCAN);
    }

    private EntityExtractor() {}

    /** Which characters of the text are already claimed; keeps every overlap check O(span), not O(entities). */
    private static final class Mask {
        private final boolean[] used;

        Mask(int length) {
            used = new boolean[length];
        }

        void mark(int s, int e) {
            for (int i = Math.max(0, s); i < Math.min(used.length, e); i++) {
                used[i] = true;
            }
        }

        boolean any(int s, int e) {
            for (int i = Math.max(0, s); i < Math.min(used.length, e); i++) {
                if (used[i]) {
                    return true;
                }
            }
            return false;
        }

        boolean at(int i) {
            return i >= 0 && i < used.length && used[i];
        }
    }

    static Entities extract(String text, List<HanLp.Token> placeTokens) {
        if (text.isEmpty()) {
            return Entities.NONE;
        }
        List<Entities.Phone> phones = phones(text);
        List<Entities.Place> places = places(text, placeTokens, phones);
        List<Entities.TimeMention> times = times(text, phones);
        return new Entities(places, phones, times);
    }

    // ------------------------------------------------------------------ phones

    static List<Entities.Phone> phones(String text) {
        List<Entities.Phone> out = new ArrayList<>();
        if (!hasDigitRun(text, 7)) {
            return out;
        }
        Mask claimed = new Mask(text.length());
        for (StartChars p : List.of(MOBILE_SCAN, LANDLINE_SCAN)) {
            StartChars.Scan m = p.scan(text);
            while (m.find()) {
                int s = m.start();
                int e = m.end();
                if (claimed.any(s, e)) {
                    continue;
                }
                claimed.mark(s, e);
                String digits = m.group().replaceAll("[^0-9]", "");
                if (digits.startsWith("86") && digits.length() == 13) {
                    digits = digits.substring(2);
                }
                out.add(new Entities.Phone(digits, Masking.maskPhone(digits), s, e));
            }
        }
        out.sort(Comparator.comparingInt(Entities.Phone::start));
        return out;
    }

    private static boolean hasDigitRun(String s, int min) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= min) {
                    return true;
                }
            } else if (c != '-' && c != ' ') {
                run = 0;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ places

    /** POI: a landmark (地铁站, 公园, 医院 …); part of the place's text, not of its parsed parts. */
    private enum Part { DISTRICT, STREET, ROAD, COMMUNITY, POI, BUILDING, UNIT, FLOOR, ROOM }

    private record Component(Part part, int start, int end) {}

    private static Part partOf(String suffix) {
        switch (suffix) {
            case "区": case "县": case "市": case "开发区": case "新区": case "自治县":
                return Part.DISTRICT;
            case "街道": case "镇": case "乡":
                return Part.STREET;
            case "路": case "街": case "大街": case "大道": case "胡同": case "巷":
                return Part.ROAD;
            case "地铁站": case "公交站": case "火车站": case "广场": case "公园": case "医院": case "幼儿园": case "小学":
            case "中学": case "菜市场": case "农贸市场": case "商场": case "超市":
                return Part.POI;
            default:
                return Part.COMMUNITY;
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /**
     * The places of a text that is itself a place (a ticket's place field): every character counts as part of a place
     * word, so a stop character inside a name is kept (和平小区, 来福小区) without asking HanLP; no phone numbers.
     */
    static List<Entities.Place> placesOf(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        boolean[] all = new boolean[text.length()];
        java.util.Arrays.fill(all, true);
        return places(text, List.of(), all, List.of());
    }

    private static List<Entities.Place> places(String text, List<HanLp.Token> tokens, List<Entities.Phone> phones) {
        return places(text, tokens, placeWordMask(text, tokens), phones);
    }

    private static List<Entities.Place> places(String text, List<HanLp.Token> tokens, boolean[] inPlaceWord,
            List<Entities.Phone> phones) {
        List<Component> comps = new ArrayList<>();
        StartChars.Scan m = SUFFIX_SCAN.scan(text);
        int lastEnd = 0;
        while (m.find()) {
            int sufStart = m.start();
            int nameStart = sufStart;
            int floor = Math.max(lastEnd, sufStart - 10);
            while (nameStart > floor && isNameChar(text.charAt(nameStart - 1))) {
                nameStart--;
            }
            nameStart = trimName(text, nameStart, sufStart, inPlaceWord);
            Part part = partOf(m.group());
            int end = m.end();
            Component prev = comps.isEmpty() ? null : comps.get(comps.size() - 1);
            boolean afterPrev = prev != null && prev.end() == nameStart;
            if (part == Part.DISTRICT && afterPrev && sufStart > nameStart && (isNumeric(text, nameStart, sufStart)
                    || prev.part() == Part.COMMUNITY && sufStart - nameStart <= 2)) {
                part = Part.COMMUNITY; // 望京西园三区, 天通苑北一区: a section of a community
            } else if (afterPrev && sufStart == nameStart && prev.part() == Part.COMMUNITY
                    && (part == Part.ROAD || part == Part.COMMUNITY)) {
                comps.remove(comps.size() - 1); // 中关村大街, 金色家园小区: the suffix extends the previous name
                nameStart = prev.start();
            } else {
                int minName = part == Part.DISTRICT ? 1 : 2;
                if (sufStart - nameStart < minName || isNumeric(text, nameStart, sufStart) && part != Part.DISTRICT) {
                    continue;
                }
            }
            if (part == Part.ROAD) {
                Matcher n = ROAD_NUMBER.matcher(text).region(end, Math.min(text.length(), end + 8));
                if (n.lookingAt()) {
                    end = n.end();
                }
            }
            comps.add(new Component(part, nameStart, end));
            lastEnd = end;
        }
        Mask used = new Mask(text.length());
        for (Component c : comps) {
            used.mark(c.start(), c.end());
        }
        addAll(comps, BUILDING_SCAN, text, Part.BUILDING, used);
        addAll(comps, UNIT_SCAN, text, Part.UNIT, used);
        addAll(comps, FLOOR_SCAN, text, Part.FLOOR, used);
        comps.sort(Comparator.comparingInt(Component::start));
        // rooms: digits right after a building, unit or floor
        List<Component> rooms = new ArrayList<>();
        for (Component c : comps) {
            if (c.part() == Part.BUILDING || c.part() == Part.UNIT || c.part() == Part.FLOOR) {
                Matcher r = ROOM.matcher(text).region(c.end(), Math.min(text.length(), c.end() + 8));
                if (r.lookingAt() && !used.at(r.start())) {
                    boolean explicit = r.group().length() > 0 && !Character.isDigit(r.group().charAt(r.group().length() - 1));
                    if (explicit || c.part() != Part.BUILDING || r.group().length() >= 3) {
                        rooms.add(new Component(Part.ROOM, r.start(), r.end()));
                    }
                }
            }
        }
        comps.addAll(rooms);
        Mask phoneMask = new Mask(text.length());
        for (Entities.Phone p : phones) {
            phoneMask.mark(p.start(), p.end());
        }
        comps.removeIf(c -> phoneMask.any(c.start(), c.end()));
        comps.sort(Comparator.comparingInt(Component::start).thenComparing(c -> -c.end()));
        List<Entities.Place> out = new ArrayList<>();
        List<Component> group = new ArrayList<>();
        int groupEnd = -1;
        for (Component c : comps) {
            if (c.start() < groupEnd) {
                continue; // overlapped by an earlier component
            }
            if (!group.isEmpty() && !joinable(text, groupEnd, c.start())) {
                out.add(toPlace(text, group));
                group.clear();
            }
            group.add(c);
            groupEnd = c.end();
        }
        if (!group.isEmpty()) {
            out.add(toPlace(text, group));
        }
        // HanLP place names not covered by an address
        Mask placed = new Mask(text.length());
        for (Entities.Place p : out) {
            placed.mark(p.start(), p.end());
        }
        for (HanLp.Token t : tokens) {
            if (t.isPlace() && t.word().length() >= 2) {
                int s = t.offset();
                int e = s + t.word().length();
                if (e <= text.length() && text.startsWith(t.word(), s) && !placed.any(s, e)) {
                    placed.mark(s, e);
                    out.add(new Entities.Place(t.word(), s, e, Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
                }
            }
        }
        out.sort(Comparator.comparingInt(Entities.Place::start));
        return out;
    }

    private static boolean isNumeric(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (CN.indexOf(s.charAt(i)) < 0 && !Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int trimName(String text, int nameStart, int sufStart, boolean[] inPlaceWord) {
        int start = nameStart;
        String window = text.substring(nameStart, sufStart);
        for (String w : STOP_WORDS) {
            int i = window.lastIndexOf(w);
            if (i >= 0 && nameStart + i + w.length() > start) {
                start = nameStart + i + w.length();
            }
        }
        for (int i = sufStart - 1; i >= start; i--) {
            // keep a stop character that HanLP put inside a place word (和平里, 来福小区…)
            if (STOP_CHARS.indexOf(text.charAt(i)) >= 0 && !inPlaceWord[i]) {
                start = i + 1;
                break;
            }
        }
        return start;
    }

    /** For each character: is it inside a HanLP word of two or more characters tagged as a place or proper noun? */
    private static boolean[] placeWordMask(String text, List<HanLp.Token> tokens) {
        boolean[] mask = new boolean[text.length()];
        for (HanLp.Token t : tokens) {
            int s = t.offset();
            int e = Math.min(text.length(), s + t.word().length());
            if (s >= 0 && t.word().length() >= 2
                    && (t.isPlace() || t.nature().startsWith("nz") || t.nature().startsWith("nt"))) {
                for (int i = s; i < e; i++) {
                    mask[i] = true;
                }
            }
        }
        return mask;
    }

    private static void addAll(List<Component> comps, StartChars p, String text, Part part, Mask used) {
        StartChars.Scan m = p.scan(text);
        while (m.find()) {
            if (!used.at(m.start())) {
                comps.add(new Component(part, m.start(), m.end()));
                used.mark(m.start(), m.end());
            }
        }
    }




    private static boolean joinable(String text, int prevEnd, int nextStart) {
        if (nextStart == prevEnd) {
            return true;
        }
        if (nextStart - prevEnd > 1) {
            return false;
        }
        char gap = text.charAt(prevEnd);
        return gap == ' ' || gap == '-' || gap == '的';
    }

    private static Entities.Place toPlace(String text, List<Component> group) {
        int start = group.get(0).start();
        int end = group.get(group.size() - 1).end();
        Optional<String> district = Optional.empty();
        Optional<String> street = Optional.empty();
        Optional<String> road = Optional.empty();
        Optional<String> community = Optional.empty();
        Optional<String> building = Optional.empty();
        Optional<String> unit = Optional.empty();
        Optional<String> room = Optional.empty();
        for (Component c : group) {
            Optional<String> v = Optional.of(text.substring(c.start(), c.end()));
            switch (c.part()) {
                case DISTRICT:
                    district = district.isPresent() ? Optional.of(district.get() + v.get()) : v;
                    break;
                case STREET:
                    street = v;
                    break;
                case ROAD:
                    road = v;
                    break;
                case COMMUNITY:
                    community = community.isPresent() ? Optional.of(community.get() + v.get()) : v;
                    break;
                case BUILDING:
                    building = v;
                    break;
                case UNIT:
                    unit = v;
                    break;
                case FLOOR:
                case POI:
                    break;
                case ROOM:
                    room = v;
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        return new Entities.Place(text.substring(start, end), start, end, district, street, road, community, building,
                unit, room);
    }

    // ------------------------------------------------------------------ times

    static List<Entities.TimeMention> times(String text, List<Entities.Phone> phones) {
        List<Entities.TimeMention> out = new ArrayList<>();
        Mask taken = new Mask(text.length());
        for (Entities.Phone p : phones) {
            taken.mark(p.start(), p.end());
        }
        find(text, DATE_SCAN, Entities.TimeKind.DATE, out, taken);
        find(text, TIME_SCAN, Entities.TimeKind.TIME, out, taken);
        StartChars.Scan m = DURATION_SCAN.scan(text);
        while (m.find()) {
            if (taken.any(m.start(), m.end())) {
                continue;
            }
            String number = m.group(1);
            String unit = m.group(3);
            if ((unit.equals("年") || unit.equals("月")) && !m.group().endsWith("了") && !m.group().contains("个")
                    && m.group(2) == null && m.group(4) == null && !m.group().endsWith("之久") && !m.group().endsWith("以上")) {
                continue; // "2019年", "三月": a date, not a duration
            }
            if (m.start() > 0 && isDayPrefix(text.charAt(m.start() - 1)) && number.length() == 1) {
                continue;
            }
            taken.mark(m.start(), m.end());
            out.add(new Entities.TimeMention(m.group(), m.start(), m.end(), Entities.TimeKind.DURATION,
                    duration(number, unit)));
        }
        out.sort(Comparator.comparingInt(Entities.TimeMention::start));
        return out;
    }

    private static boolean isDayPrefix(char c) {
        return c == '第' || c == '每';
    }

    private static void find(String text, StartChars p, Entities.TimeKind kind, List<Entities.TimeMention> out,
            Mask taken) {
        StartChars.Scan m = p.scan(text);
        while (m.find()) {
            if (m.end() == m.start() || taken.any(m.start(), m.end())) {
                continue;
            }
            String s = m.group();
            if (kind == Entities.TimeKind.TIME && m.end() < text.length() && text.charAt(m.end()) == '钟' ) {
                continue;
            }
            taken.mark(m.start(), m.end());
            out.add(new Entities.TimeMention(s, m.start(), m.end(), kind, Optional.empty()));
        }
    }


    static Optional<Duration> duration(String number, String unit) {
        double n = chineseNumber(number);
        if (Double.isNaN(n)) {
            return Optional.empty();
        }
        double hours;
        switch (unit) {
            case "分钟":
                return Optional.of(Duration.ofMinutes(Math.round(n)));
            case "小时": case "钟头":
                hours = n;
                break;
            case "天":
                hours = n * 24;
                break;
            case "周": case "星期": case "礼拜":
                hours = n * 24 * 7;
                break;
            case "个月": case "月":
                hours = n * 24 * 30;
                break;
            case "年":
                hours = n * 24 * 365;
                break;
            default:
                return Optional.empty();
        }
        return Optional.of(Duration.ofMinutes(Math.round(hours * 60)));
    }

    /** 3 → 3, 三 → 3, 十二 → 12, 二十 → 20, 两 → 2, 半 → 0.5; 几 and 好几 → NaN. */
    static double chineseNumber(String s) {
        if (s.equals("半")) {
            return 0.5;
        }
        if (s.contains("几")) {
            return Double.NaN;
        }
        if (s.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(s);
        }
        String digits = "零一二三四五六七八九";
        int total = 0;
        int current = 0;
        for (char c : s.toCharArray()) {
            int d = c == '两' ? 2 : c == '〇' ? 0 : digits.indexOf(c);
            if (d >= 0) {
                current = d;
            } else if (c == '十') {
                total += (current == 0 ? 1 : current) * 10;
                current = 0;
            } else if (c == '百') {
                total += (current == 0 ? 1 : current) * 100;
                current = 0;
            } else {
                return Double.NaN;
            }
        }
        return total + current;
    }
}
