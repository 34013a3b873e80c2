#include "domain/org/demo.hpp"

#include <array>
#include <cstdint>

#include "core/random.hpp"

namespace bc::org {
namespace {

struct Network {
  const char* code;
  const char* name;
  int areas;
  std::array<const char*, 6> offices;
};

// Changsha's six districts and its streets; the other networks reuse generic street names.
constexpr Network kChangsha{"CS", "长沙", 148, {"芙蓉", "天心", "岳麓", "开福", "雨花", "望城"}};
constexpr std::array<Network, 13> kOthers{{
    {"ZZ", "株洲", 150, {"荷塘", "芦淞", "石峰", "天元", "渌口", "醴陵"}},
    {"XT", "湘潭", 120, {"雨湖", "岳塘", "湘乡", "韶山", "湘潭县", "九华"}},
    {"HY", "衡阳", 210, {"珠晖", "雁峰", "石鼓", "蒸湘", "南岳", "耒阳"}},
    {"SY", "邵阳", 180, {"双清", "大祥", "北塔", "武冈", "邵东", "新邵"}},
    {"YY", "岳阳", 170, {"岳阳楼", "云溪", "君山", "汨罗", "临湘", "华容"}},
    {"CD", "常德", 170, {"武陵", "鼎城", "津市", "澧县", "桃源", "汉寿"}},
    {"ZJ", "张家界", 70, {"永定", "武陵源", "慈利", "桑植", "天门", "大庸"}},
    {"YI", "益阳", 130, {"资阳", "赫山", "沅江", "南县", "桃江", "安化"}},
    {"CZ", "郴州", 150, {"北湖", "苏仙", "资兴", "桂阳", "宜章", "永兴"}},
    {"YZ", "永州", 160, {"零陵", "冷水滩", "祁阳", "东安", "道县", "宁远"}},
    {"HH", "怀化", 140, {"鹤城", "洪江", "中方", "沅陵", "辰溪", "溆浦"}},
    {"LD", "娄底", 120, {"娄星", "冷水江", "涟源", "双峰", "新化", "万宝"}},
    {"XX", "湘西", 90, {"吉首", "泸溪", "凤凰", "花垣", "保靖", "永顺"}},
}};

constexpr std::array<const char*, 36> kStreets{
    "五一路", "东屯渡", "韭菜园", "定王台", "火星", "马王堆", "坡子街", "城南路", "青园", "赤岭路", "金盆岭", "桂花坪",
    "望月湖", "橘子洲", "咸嘉湖", "观沙岭", "银盆岭", "西湖", "东风路", "湘雅路", "伍家岭", "新河", "清水塘", "望麓园",
    "侯家塘", "左家塘", "雨花亭", "高桥", "砂子塘", "东塘", "高塘岭", "白沙洲", "月亮岛", "丁字湾", "黄金园", "书堂山"};
constexpr std::array<const char*, 30> kSurnames{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                                 "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
                                                 "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "彭"};
constexpr std::array<const char*, 40> kGiven{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                              "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
                                              "刚", "桂英", "建华", "志强", "海燕", "红梅", "建国", "晓东", "文斌", "春梅",
                                              "湘平", "卫东", "丽华", "国庆", "小红", "德明", "玉兰", "振华", "小军", "永红"};
constexpr std::array<const char*, 10> kNumerals{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

using Rng = SplitMix64;

std::string pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(width > static_cast<int>(s.size()) ? width - s.size() : 0, '0') + s;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void add_network(DemoOrg& d, const Network& n, Rng& rng, int phone_base) {
  const std::string nc = n.code, un = lower(nc);
  d.units.push_back({UnitKind::local_network, nc, std::string(n.name) + "本地网", "HN", "", ""});
  d.units.push_back({UnitKind::centre, nc + "-C", std::string(n.name) + "营销维护中心", nc, "", ""});
  auto person = [&]() { return std::string(kSurnames[rng.below(kSurnames.size())]) + kGiven[rng.below(kGiven.size())]; };
  int phone = phone_base;
  auto next_phone = [&]() { return "139" + pad(phone++, 8); };
  d.staff.push_back({un + ".centre", person(), Role::centre_manager, nc + "-C", next_phone()});
  d.staff.push_back({un + ".hotline1", person(), Role::hotline_agent, nc + "-C", next_phone()});
  d.staff.push_back({un + ".audit", person(), Role::auditor, nc, next_phone()});

  // Communities of 5-6 areas, spread over six offices.
  const int communities = (n.areas * 2 + 10) / 11;  // about 5.5 areas each
  int area_no = 0, street = static_cast<int>(rng.below(kStreets.size()));
  for (int c = 0; c < communities; ++c) {
    const int office = c * 6 / communities;  // 0..5, contiguous blocks
    const std::string oc = nc + "-O" + std::to_string(office + 1);
    if (c == 0 || (c - 1) * 6 / communities != office) {
      d.units.push_back({UnitKind::office, oc, std::string(n.offices[office]) + "营维处", nc + "-C", "", ""});
      d.staff.push_back({un + ".o" + std::to_string(office + 1), person(), Role::office_head, oc, next_phone()});
    }
    const std::string cc = oc + "-C" + pad(c + 1, 2);
    const std::string st = kStreets[(street + c) % kStreets.size()];
    d.units.push_back({UnitKind::community, cc, st + "社区服务部", oc, "", ""});
    d.staff.push_back({un + ".o" + std::to_string(office + 1) + ".c" + pad(c + 1, 2), person(), Role::community_head, cc,
                       next_phone()});
    // Areas of this community: the remaining areas spread evenly over the remaining communities.
    const int left = n.areas - area_no, here = (left + (communities - c) - 1) / (communities - c);
    std::vector<std::string> managers;
    for (int a = 0; a < here; ++a) {
      const std::string user = un + ".m" + pad(area_no + a + 1, 3);
      d.staff.push_back({user, person(), Role::area_manager, cc, next_phone()});
      managers.push_back(user);
    }
    for (int a = 0; a < here; ++a) {
      ++area_no;
      const std::string code = nc + "-A" + pad(area_no, 3);
      d.units.push_back({UnitKind::area, code, st + "第" + kNumerals[a % 10] + "片区", cc, managers[a],
                         managers[(a + 1) % here]});
    }
  }
  // A few people away today, so cover is visible: two on leave, one in training; in one area both
  // the manager and the backup are away.
  d.absences.push_back({un + ".m002", -2, 5, AbsenceReason::leave, "年休假"});
  d.absences.push_back({un + ".m010", 0, 3, AbsenceReason::training, "光纤熔接培训"});
  d.absences.push_back({un + ".m020", -1, 2, AbsenceReason::sick, ""});
  d.absences.push_back({un + ".m021", -1, 1, AbsenceReason::leave, "事假"});
}

}  // namespace

std::string demo_person_name(std::uint64_t seed) {
  Rng r{seed};
  return std::string(kSurnames[r.below(kSurnames.size())]) + kGiven[r.below(kGiven.size())];
}

std::string demo_street(std::size_t i) { return kStreets[i % kStreets.size()]; }

DemoOrg demo_org(DemoSize size) {
  DemoOrg d;
  Rng rng{20261126};
  d.units.push_back({UnitKind::province, "HN", "湖南省公司", "", "", ""});
  d.staff.push_back({"admin", "系统管理员", Role::administrator, "HN", "13900000000"});
  add_network(d, kChangsha, rng, 10000);
  if (size == DemoSize::province) {
    int base = 20000;
    for (const auto& n : kOthers) {
      add_network(d, n, rng, base);
      base += 10000;
    }
  }
  return d;
}

}  // namespace bc::org
