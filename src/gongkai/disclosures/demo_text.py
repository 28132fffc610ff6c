"""Text of the demo ledger: titles and bodies in the style of a Chinese government website, varied per
agency and per kind of item (a monthly data release does not read like a meeting report or a budget).

Bodies are put together from sentence pools by a random generator seeded with the item's title, so a
rerun of the demo writes the same text and no two agencies share the same wording. Every sentence here
is plain demo text, written for this project.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    """What an agency works on: its 主题分类 code, the subjects of its news and plans, and sentences about
    its field."""

    topic: str
    subjects: tuple[str, ...]
    sentences: tuple[str, ...]


DOMAINS: dict[str, Domain] = {
    "luzhou-tjj": Domain("21", (
        "城镇居民收入", "农村居民收入", "生猪生产恢复", "妇女儿童发展", "城镇单位就业人员平均工资", "小微企业经营",
        "第五次全国经济普查", "粮食产量", "房地产开发投资", "文化产业", "民营经济", "统计执法检查",
    ), (
        "全市规模以上工业增加值保持增长，制造业支撑作用进一步增强。",
        "社会消费品零售总额逐月回升，升级类商品零售较快增长。",
        "统计数据质量是统计工作的生命线，各级统计机构要严格执行统计调查制度。",
        "全市城乡居民人均可支配收入稳步提高，城乡收入差距继续缩小。",
        "固定资产投资结构持续优化，工业投资和民间投资增速回升。",
        "联网直报企业要按时报送统计报表，确保数据真实、准确、完整、及时。",
        "本局将加强统计监测分析，为市委、市政府科学决策提供统计服务。",
        "各区县统计局要落实统计调查对象名录库动态维护要求。",
    )),
    "luzhou-sthjj": Domain("09", (
        "长江流域水生态保护", "大气污染防治", "土壤污染防治", "危险废物规范化管理", "环境影响评价", "饮用水水源地保护",
        "噪声污染防治", "排污许可管理", "生态环境执法", "中央生态环境保护督察整改", "固体废物污染防治", "碳排放管理",
    ), (
        "长江泸州段出境断面水质稳定保持在Ⅱ类。",
        "全市环境空气质量优良天数比例同比提高，细颗粒物平均浓度下降。",
        "各区县要落实河长制湖长制，深入推进入河排污口排查整治。",
        "重点排污单位要按照排污许可证规定开展自行监测并公开监测信息。",
        "本局持续开展“双随机、一公开”执法检查，依法查处环境违法行为。",
        "县级以上集中式饮用水水源地水质达标率保持100%。",
        "建设项目应当依法开展环境影响评价，未批先建的依法予以处罚。",
        "加强重污染天气应对，落实工业企业错峰生产和扬尘管控措施。",
    )),
    "luzhou-rsj": Domain("14", (
        "高校毕业生就业", "职业技能培训", "根治欠薪", "社会保险扩面", "人才引进", "劳动人事争议仲裁",
        "创业担保贷款", "养老保险待遇调整", "技工教育", "事业单位人事管理", "农民工返乡创业", "就业援助月",
    ), (
        "全市城镇新增就业保持稳定，城镇调查失业率控制在预期目标以内。",
        "企业职工基本养老保险、失业保险、工伤保险参保人数持续增加。",
        "各地要畅通欠薪投诉渠道，对拖欠农民工工资问题做到动态清零。",
        "符合条件的重点群体可申请创业担保贷款，并按规定享受贴息。",
        "职业技能提升行动取得实效，全年开展各类补贴性职业技能培训。",
        "劳动人事争议仲裁案件结案率保持在较高水平，依法维护劳动者合法权益。",
        "本局将持续优化人社公共服务，推动更多事项“一网通办”。",
        "离校未就业高校毕业生实名制帮扶服务做到应帮尽帮。",
    )),
    "luzhou": Domain("01", (
        "优化营商环境", "政务服务", "重点项目建设", "乡村振兴", "城市更新", "安全生产",
        "防汛减灾", "民生实事", "政务公开", "招商引资", "森林草原防灭火", "长江经济带发展",
    ), (
        "全市重点项目建设加快推进，完成年度投资计划的进度好于预期。",
        "政务服务事项网上可办率进一步提高，企业开办时间压减至1个工作日以内。",
        "各区县人民政府、市级各部门要压紧压实责任，确保各项任务落地见效。",
        "持续推进城镇老旧小区改造，改善群众居住条件。",
        "严格落实安全生产责任制，深入开展重点行业领域隐患排查整治。",
        "巩固拓展脱贫攻坚成果，守住不发生规模性返贫的底线。",
        "市政府将持续推进政务公开标准化规范化，及时回应社会关切。",
        "各地要做好汛期值班值守，提前转移受威胁群众。",
    )),
    "jiangyang": Domain("01", (
        "老旧小区改造", "基层治理", "乡村振兴", "政务服务", "安全生产", "防汛减灾",
        "民生实事", "营商环境", "背街小巷整治", "社区养老服务", "河湖长制", "文明城市创建",
    ), (
        "全区各街道、镇要结合实际细化工作措施，确保按期完成目标任务。",
        "区政务服务中心推行“一窗受理、集成服务”，群众办事更加便捷。",
        "全区老旧小区改造项目有序推进，惠及居民数千户。",
        "各镇要加强河道巡查，落实河湖长制各项工作要求。",
        "区政府将持续改善人居环境，提升城市精细化管理水平。",
        "社区养老服务设施覆盖面不断扩大，老年人助餐服务逐步推开。",
        "严格落实属地管理责任，做好汛期和节假日安全生产工作。",
        "区级各部门要加强协调配合，形成工作合力。",
    )),
    "jiangyang-jyj": Domain("10", (
        "义务教育招生入学", "学前教育", "校园安全", "教师队伍建设", "课后服务", "学生资助",
        "全民健身", "校园食品安全", "青少年体育赛事", "心理健康教育", "语言文字规范化", "家校共育",
    ), (
        "全区义务教育阶段学校严格执行免试就近入学政策，不得以任何形式举行入学考试。",
        "各学校要落实校园安全主体责任，定期开展应急疏散演练。",
        "课后服务实现义务教育学校全覆盖，学生自愿参加。",
        "家庭经济困难学生资助政策全面落实，做到应助尽助。",
        "学校食堂严格执行食品安全管理制度，落实校领导陪餐制度。",
        "全区新建、改扩建一批中小学和幼儿园，新增学位有效缓解入学压力。",
        "区教体局将持续推进全民健身活动，办好群众身边的体育赛事。",
        "教师培训和交流轮岗工作有序开展，教师队伍整体素质不断提高。",
    )),
}
DEFAULT_DOMAIN = DOMAINS["luzhou"]

# the subjects of each agency's four 行政规范性文件 (the demo's normative documents)
NORMATIVE_SUBJECTS: dict[str, tuple[str, str, str, str]] = {
    "luzhou-tjj": ("统计调查项目", "统计数据质量管理", "统计执法检查", "统计信息发布"),
    "luzhou-sthjj": ("建设项目环境影响评价文件审批", "生态环境行政处罚自由裁量", "排污许可证核发", "环境信访事项办理"),
    "luzhou-rsj": ("就业补助资金", "职业技能培训补贴", "创业担保贷款贴息", "人力资源服务机构"),
    "luzhou": ("政务服务“好差评”", "重大行政决策程序", "政府投资项目", "市级储备粮"),
    "jiangyang": ("城镇老旧小区改造", "社区工作者", "农村集体资产", "区级财政专项资金"),
    "jiangyang-jyj": ("中小学校招生入学", "校外培训机构", "学生资助资金", "公共体育场馆开放"),
}

# the last line of an item: its kind's own, else one of the common ones
CLOSINGS = ("联系电话：0830-3191422。", "如有疑问，请在工作日与本机关办公室联系。", "欢迎社会各界监督。")
KIND_CLOSINGS: dict[str, tuple[str, ...]] = {
    "notice": ("特此通知。", "请各单位认真抓好贯彻落实。"), "personnel": ("特此公告。",), "epidemic": ("特此通知。",),
    "news": ("", "（供稿：办公室）"), "normative": ("第五条 本{name}自印发之日起施行。",),
    "interpretation": ("解读机关：{agency}办公室。",), "budget": ("特此公开。",),
}

KIND_SENTENCES: dict[str, tuple[str, ...]] = {
    "release": (
        "{period}，{area}主要经济指标运行平稳，总体延续恢复向好态势。",
        "数据显示，{period}{area}{indicator}等指标同比有所增长，增速较上月加快。",
        "本期数据为初步统计数，最终数据以年度统计年鉴为准。",
        "分行业看，多数行业保持增长，增长面进一步扩大。",
        "附表列出了{area}{period}{indicator}的分项数据和同比增幅。",
        "指标解释：同比增速按可比价格计算，部分数据因四舍五入存在总计与分项合计不等的情况。",
    ),
    "analysis": (
        "从{subject}情况看，总体呈现稳中有进、稳中向好的态势。",
        "分析表明，当前{subject}还面临一些困难和挑战，需要持续关注。",
        "建议进一步加大政策支持力度，推动{subject}持续改善。",
        "本报告采用抽样调查和行政记录相结合的方法，样本覆盖全市各区县。",
        "下一步，将加强{subject}动态监测，及时反映新情况、新问题。",
    ),
    "news": (
        "{date}，{agency}召开专题会议，研究部署{subject}相关工作。",
        "会议传达学习了上级有关文件精神，通报了前一阶段{subject}工作进展。",
        "会议强调，要提高政治站位，细化工作措施，确保{subject}各项任务落到实处。",
        "{agency}主要负责同志出席会议并讲话，各科室负责人参加会议。",
        "此次活动进一步增强了干部职工做好{subject}工作的责任感和使命感。",
        "与会人员围绕{subject}中的重点难点问题进行了交流发言。",
    ),
    "plan": (
        "为做好{year}年{subject}工作，结合工作实际，制定本计划。",
        "一、总体要求。坚持问题导向和目标导向，统筹推进{subject}各项工作。",
        "二、主要任务。完善工作机制，加强督促检查，按季度通报进展情况。",
        "三、保障措施。加强组织领导，落实工作经费，强化考核问效。",
    ),
    "budget": (
        "根据预算管理有关规定，现将{agency}{year}年部门预算（决算）情况公开如下。",
        "一般公共预算财政拨款“三公”经费支出较上年有所下降。",
        "本部门严格执行过紧日子要求，压减一般性支出，保障重点工作经费。",
        "收支总表、收入总表、支出总表和财政拨款收支总表详见附件。",
        "政府采购支出主要用于办公设备购置和信息化运维服务。",
    ),
    "health": (
        "当前正值{season}传染病高发季节，请广大干部群众做好个人防护。",
        "各单位要落实公共卫生安全主体责任，做好重点场所通风消毒。",
        "出现发热、咳嗽等症状时请及时到正规医疗机构就诊。",
        "本单位将根据疾控部门的要求，动态调整有关防控措施。",
    ),
    "personnel": (
        "根据《事业单位公开招聘人员暂行规定》等有关规定，按照公开、平等、竞争、择优的原则组织实施。",
        "报名时间、报名方式、资格条件和招聘岗位详见附件岗位表。",
        "公示期为7个工作日，公示期间如有异议，可向{agency}人事科反映。",
        "考试成绩、体检和考察结果将在本网站公布，请报考人员及时关注。",
        "拟聘用人员名单经研究同意，现予以公示。",
    ),
    "notice": (
        "为贯彻落实上级有关工作部署，现就{subject}有关事项通知如下。",
        "请各单位高度重视，明确责任人员，于规定时间前报送工作情况。",
        "检查采取单位自查与实地抽查相结合的方式进行。",
        "对检查中发现的问题，要建立台账、限期整改。",
    ),
    "epidemic": (
        "请各单位在做好疫情防控的同时，按时报送统计资料，确保统计工作不断档。",
        "本期监测显示，全市规模以上企业复工率进一步提高，重点项目复工进度加快。",
        "疫情防控期间，统计报表可通过联网直报平台在线报送，减少人员聚集。",
        "请广大市民科学佩戴口罩，勤洗手、常通风，减少到人员密集场所活动。",
        "各区县统计局要加强与企业的联系，及时了解和反映企业生产经营困难。",
    ),
    "poverty": (
        "本期监测对建档立卡贫困户收入情况进行了入户核查。",
        "监测结果显示，贫困户“两不愁三保障”达标情况总体良好。",
        "对发现的问题已逐户反馈有关部门，限期整改到位。",
    ),
    "energy": (
        "本期全市规模以上工业综合能源消费量同比下降，单位工业增加值能耗继续降低。",
        "重点用能企业能源利用状况报告按时报送，能耗数据质量进一步提高。",
        "各区县要加强节能降耗形势分析，做好能耗“双控”工作。",
    ),
    "normative": (
        "第一条 为规范{subject}工作，根据有关法律法规，结合本地实际，制定本{name}。",
        "第二条 本{name}适用于本行政区域内的{subject}及其监督管理活动。",
        "第三条 {subject}工作坚持依法依规、公开透明、便民高效的原则。",
        "第四条 有关部门应当按照职责分工，做好{subject}相关工作。",
    ),
    "interpretation": (
        "一、起草背景。为进一步规范{subject}工作，{agency}在深入调研、广泛征求意见的基础上起草了该文件。",
        "二、主要内容。文件共若干条，明确了适用范围、职责分工、工作程序和监督管理等内容。",
        "三、主要特点。突出问题导向，细化操作程序，便于基层执行。",
        "四、施行时间。文件自印发之日起30日后施行。",
    ),
    "law": (
        "《中华人民共和国统计法》规定，统计调查对象应当依法如实提供统计资料。",
        "拒绝提供统计资料或者提供不真实、不完整的统计资料的，将依法追究法律责任。",
        "开展统计法治宣传，是提高全社会统计法治意识的重要举措。",
    ),
}


WHOLE = {"normative", "interpretation"}  # kinds whose sentences are numbered parts: all of them, in order


def compose(kind: str, seed: str, slug: str, *, lead: str = "", extra: tuple[str, ...] = (), **fields: str) -> str:
    """A body of 3–5 sentences for an item of `kind` at the agency `slug`: sentences of its kind, one about
    the agency's field, a closing line. `seed` (the title) makes it repeatable; `fields` fill the blanks."""
    rng = random.Random(f"{slug}|{seed}")
    domain = DOMAINS.get(slug, DEFAULT_DOMAIN)
    pool = KIND_SENTENCES[kind]
    if kind in WHOLE:
        sentences = list(pool)
    else:
        picked = sorted(rng.sample(range(len(pool)), k=min(len(pool), rng.randint(2, 3))))  # in the pool's order
        sentences = [pool[k] for k in picked] + [rng.choice(domain.sentences)]
    sentences = ([lead] if lead else []) + sentences + list(extra)
    sentences.append(rng.choice(KIND_CLOSINGS.get(kind, CLOSINGS)))
    text = "".join(sentences).format_map(_Blank(fields))
    return "".join(f"<p>{p}</p>" for p in _paragraphs(text))


class _Blank(dict):
    """str.format_map that leaves an unknown blank as the word it stands for."""

    def __missing__(self, key: str) -> str:
        return {"area": "全市", "period": "本期", "indicator": "主要指标", "season": "冬春", "subject": "相关",
                "agency": "本机关", "year": "本", "date": "近日"}.get(key, "")


def _paragraphs(text: str) -> list[str]:
    """Two paragraphs: the first two sentences, then the rest."""
    parts = [s + "。" for s in text.split("。") if s]
    return ["".join(parts[:2]), "".join(parts[2:])] if len(parts) > 2 else ["".join(parts)]
