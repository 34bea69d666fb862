package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The demo tenant's graph: fictional companies that look like a market, so every knowledge page has something to show
 * before anyone imports data. Deterministic per seed. Fourteen private groups (a founder, a holding company, subsidiaries
 * three levels deep, listed companies with stock codes and a public float), three industry chains (products, who makes
 * them, who supplies whom), a cross-holding cycle, a listed company controlled jointly under a 一致行动协议, a
 * guarantee circle across three groups. Every company's recorded holders sum to at most 100%.
 */
public final class DemoGraph {
    /** The source every demo fact names, so no one mistakes it for registry data. */
    public static final String SOURCE = "演示数据（虚构）";
    private static final Provenance SRC = new Provenance(SOURCE, LocalDate.of(2026, 1, 1));
    private static final int GROUPS = 14;
    private static final String[][] CHAINS = {
        {"新能源汽车", "锂矿", "正极材料", "动力电池", "新能源整车"},
        {"集成电路", "电子级硅片", "晶圆制造", "封装测试", "智能终端"},
        {"光伏", "多晶硅", "光伏硅片", "光伏电池片", "光伏组件"}};
    private static final String[][] INDUSTRIES = {
        {"有色金属矿采选业", "化学原料和化学制品制造业", "电气机械和器材制造业", "汽车制造业"},
        {"计算机、通信和其他电子设备制造业", "计算机、通信和其他电子设备制造业", "计算机、通信和其他电子设备制造业",
            "计算机、通信和其他电子设备制造业"},
        {"化学原料和化学制品制造业", "非金属矿物制品业", "电气机械和器材制造业", "电气机械和器材制造业"}};
    private static final String[] BRANDS = {"华", "东", "瑞", "鑫", "泰", "博", "恒", "嘉", "德", "远", "晟", "辰", "盛",
        "源", "峰", "信", "弘", "明", "中", "宏", "安", "鼎", "翔", "卓", "致", "润", "海", "天", "创", "昊"};
    private static final String[] REGIONS = {"上海", "北京", "深圳", "杭州", "苏州", "合肥", "成都", "武汉"};
    private static final String[] REGION_CODES = {"310000", "110000", "440300", "330100", "320500", "340100", "510100",
        "420100"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马",
        "朱", "胡", "郭", "何", "林", "罗", "高"};
    private static final String[] GIVEN = {"伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
        "超", "秀英", "建华", "志强", "海燕", "晓东", "国栋", "丽娜", "文博", "子涵"};

    private final SplittableRandom rnd;
    private final FactBatch b = new FactBatch();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Double> held = new HashMap<>();
    private final List<String> persons = new ArrayList<>();
    private final List<List<String>> makers = new ArrayList<>();
    private final Set<String> listingCodes = new HashSet<>();
    private long row;
    private int serial;

    private DemoGraph(long seed) {
        this.rnd = new SplittableRandom(seed);
        for (int i = 0; i < CHAINS.length * 4; i++) {
            makers.add(new ArrayList<>());
        }
    }

    public static FactBatch generate(long seed) {
        DemoGraph g = new DemoGraph(seed);
        g.chains();
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < GROUPS; i++) {
            groups.add(g.group(i));
        }
        g.crossHolding(groups.getFirst());
        g.concertParty();
        g.guaranteeCircle(groups.get(1).get(3), groups.get(2).get(3), groups.get(3).get(3));
        g.supplies();
        return g.b;
    }

    private void chains() {
        for (int c = 0; c < CHAINS.length; c++) {
            String top = "chain:" + c;
            b.product("demo", ++row, new Product(top, CHAINS[c][0], (String) null, List.of(CHAINS[c][0]), SRC));
            for (int level = 1; level <= 4; level++) {
                b.product("demo", ++row, new Product(product(c, level), CHAINS[c][level], top, List.of(CHAINS[c][0]), SRC));
                if (level > 1) {
                    b.productLink("demo", ++row, new ProductLink(product(c, level - 1), product(c, level), SRC));
                }
            }
        }
    }

    private static String product(int chain, int level) {
        return "product:" + chain + "-" + level;
    }

    /** A founder's group: the holding company and three levels of subsidiaries; the founder also holds a listed one. */
    private List<String> group(int g) {
        String founder = person();
        String partner = person();
        int chain = g % CHAINS.length;
        String region = REGIONS[g % REGIONS.length];
        String holding = company(brand() + "控股集团有限公司", region, "商务服务业", -1);
        hold(founder, holding, pick(0.55, 0.8));
        hold(partner, holding, 0.88 - held.get(holding));
        officers(holding, founder, partner);
        List<String> members = new ArrayList<>(List.of(holding));
        List<String> level = List.of(holding);
        for (int depth = 1; depth <= 3; depth++) {
            List<String> next = new ArrayList<>();
            for (String parent : level) {
                int children = depth == 1 ? 3 : 1 + rnd.nextInt(2);
                for (int k = 0; k < children && members.size() < 15; k++) {
                    int step = Math.min(3, depth - 1 + k % 2);
                    String child = subsidiary(g, chain, step, region, parent, founder, members.size() == 3 || members.size() == 9);
                    next.add(child);
                    members.add(child);
                }
            }
            level = next;
        }
        return members;
    }

    private String subsidiary(int g, int chain, int step, String region, String parent, String founder, boolean listed) {
        String name = brand() + CHAINS[chain][step + 1].replace("电子级", "").replace("新能源整车", "汽车").replace("智能终端", "智能科技")
                + (listed ? "股份有限公司" : "有限公司");
        String c = company(name, region, INDUSTRIES[chain][step], step + chain * 4);
        if (listed) {
            listing(c, g);
            hold(parent, c, pick(0.32, 0.48));
            hold(founder, c, pick(0.03, 0.08));
            for (int i = 0; i < 3; i++) {
                hold(person(), c, pick(0.005, 0.03));
            }
        } else {
            hold(parent, c, rnd.nextDouble() < 0.6 ? 1.0 : pick(0.51, 0.9));
            if (held.get(c) < 0.999) {
                hold(person(), c, 1.0 - held.get(c));
            }
        }
        officers(c, founder, person());
        if (rnd.nextDouble() < 0.4) {
            b.guarantee("demo", ++row, new Guarantee(parent, c, 1e6 * (10 + rnd.nextInt(490)), false,
                    LocalDate.of(2025, 1 + rnd.nextInt(12), 1), SRC));
        }
        return c;
    }

    /** The listed company's code is unique within the demo and shaped like the board it is listed on. */
    private void listing(String company, int g) {
        String[] boards = {"600", "601", "603", "000", "002", "300", "688"};
        String code;
        do {
            code = boards[(g + listingCodes.size()) % boards.length] + String.format("%03d", rnd.nextInt(1000));
        } while (!listingCodes.add(code));
        Entity e = entity(company);
        Map<String, String> attrs = new LinkedHashMap<>(e.attributes());
        attrs.put("listingCode", code);
        replace(company, new Entity(company, EntityKind.COMPANY, e.name(), List.of(), attrs, SRC));
        b.event("demo", ++row, new Event(company, "定期报告", LocalDate.of(2026, 4, 20 + g % 8), e.name() + " 2025 年年度报告", SRC));
    }

    /** The first group: the holding company's first subsidiary's subsidiary holds 12% of the holding company back. */
    private void crossHolding(List<String> group) {
        String top = group.getFirst();
        String grandchild = group.get(4);
        hold(grandchild, top, 0.12);
    }

    /** A listed company with no holder above 20%: three founders control it together under a 一致行动协议. */
    private void concertParty() {
        String c = company(brand() + "智能装备股份有限公司", "苏州", "专用设备制造业", -1);
        listing(c, 0);
        List<String> founders = List.of(person(), person(), person());
        double[] shares = {0.18, 0.15, 0.09};
        for (int i = 0; i < 3; i++) {
            hold(founders.get(i), c, shares[i]);
        }
        hold(person(), c, 0.06);
        b.concert("demo", ++row, new ConcertAgreement(c, founders, SRC));
        officers(c, founders.getFirst(), founders.get(1));
    }

    private void guaranteeCircle(String a, String x, String y) {
        for (String[] pair : new String[][] {{a, x}, {x, y}, {y, a}}) {
            b.guarantee("demo", ++row, new Guarantee(pair[0], pair[1], 5e7, false, LocalDate.of(2025, 6, 30), SRC));
        }
    }

    /** Each maker of a chain's step supplies one or two makers of the next step. */
    private void supplies() {
        for (int c = 0; c < CHAINS.length; c++) {
            for (int step = 0; step < 3; step++) {
                List<String> buyers = makers.get(c * 4 + step + 1);
                for (String supplier : makers.get(c * 4 + step)) {
                    for (int k = 0, n = Math.min(buyers.size(), 1 + rnd.nextInt(2)); k < n; k++) {
                        String buyer = buyers.get(rnd.nextInt(buyers.size()));
                        b.supply("demo", ++row, new Supply(supplier, buyer, product(c, step + 1), SRC));
                    }
                }
            }
        }
    }

    private String company(String wanted, String region, String industry, int makes) {
        String name = wanted;
        while (!names.add(name)) {
            name = brand() + wanted;
        }
        int r = List.of(REGIONS).indexOf(region);
        String id = creditCode(REGION_CODES[r]);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("region", region);
        attrs.put("industry", industry);
        attrs.put("registeredCapital", String.valueOf(1_000_000L * (10 + rnd.nextInt(990))));
        attrs.put("status", "存续");
        b.entity("demo", ++row, new Entity(id, EntityKind.COMPANY, name, List.of(), attrs, SRC));
        if (makes >= 0) {
            b.produces("demo", ++row, new Produces(id, product(makes / 4, makes % 4 + 1), SRC));
            makers.get(makes).add(id);
        }
        return id;
    }

    private String person() {
        String name;
        do {
            name = SURNAMES[rnd.nextInt(SURNAMES.length)] + GIVEN[rnd.nextInt(GIVEN.length)];
        } while (!names.add(name));
        String id = "demo-person:" + (persons.size() + 1);
        persons.add(id);
        b.entity("demo", ++row, new Entity(id, EntityKind.PERSON, name, List.of(), Map.of(), SRC));
        return id;
    }

    private void officers(String company, String chairman, String manager) {
        b.officer("demo", ++row, new Officer(chairman, company, OfficerRole.LEGAL_REPRESENTATIVE, null, SRC));
        b.officer("demo", ++row, new Officer(chairman, company, OfficerRole.CHAIRMAN, null, SRC));
        b.officer("demo", ++row, new Officer(manager, company, OfficerRole.MANAGER, null, SRC));
    }

    private void hold(String holder, String company, double share) {
        double s = Math.round(share * 10_000) / 10_000.0;
        double total = held.merge(company, s, Double::sum);
        if (total > 1.0 + 1e-9) {
            throw new IllegalStateException(company + " 的股东合计超过 100%");
        }
        b.shareholding("demo", ++row, new Shareholding(holder, company, s, null, null, null, null, SRC));
    }

    private double pick(double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    private String brand() {
        return BRANDS[rnd.nextInt(BRANDS.length)] + BRANDS[rnd.nextInt(BRANDS.length)];
    }

    private Entity entity(String id) {
        return b.entities.stream().map(Located::fact).filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private void replace(String id, Entity e) {
        b.entities.replaceAll(l -> l.fact().id().equals(id) ? new Located<>(l.file(), l.row(), e) : l);
    }

    /** An 18-character unified social credit code (GB 32100) with a valid check character. */
    private String creditCode(String region) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        String body = "91" + region + "MA" + String.format("%07d", 1_000_000 + ++serial * 7_919 % 8_999_999);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += alphabet.indexOf(body.charAt(i)) * weights[i];
        }
        return body + alphabet.charAt((31 - sum % 31) % 31);
    }
}
