#!/usr/bin/env python3
"""Builds the shipped slot-NER data (bank, branch, product) in the inline format `[span|type]`.

Training and held-out sentences use different templates, and the held-out file also uses branch and product names
that never occur in training, so the held-out F1 measures generalisation rather than memorisation.
Deterministic. Run from the repository root:  python3 nlp/tools/make_slot_ner.py
"""
import os, random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "main", "resources", "dev", "zhiyu", "nlp", "ner")

BANKS = ["招商银行", "工商银行", "建设银行", "农业银行", "中国银行", "交通银行", "平安银行", "兴业银行", "浦发银行",
         "中信银行", "民生银行", "光大银行", "邮储银行", "华夏银行", "广发银行", "北京银行", "上海银行", "宁波银行"]
HELD_BANKS = ["南京银行", "杭州银行", "江苏银行", "招行", "工行", "建行"]
CITIES = ["北京", "上海", "深圳", "广州", "杭州", "成都", "武汉", "南京", "西安", "重庆", "苏州", "天津", "长沙", "郑州"]
STREETS = ["朝阳门北大街", "浦东南路", "福华一路", "天河路", "庆春路", "人民南路", "中山大道", "汉中路", "高新路",
           "解放碑", "星湖街", "南京路", "五一大道", "金水路", "金融街", "世纪大道", "深南大道", "珠江新城"]
HELD_STREETS = ["建国路", "长江路", "东风路", "黄河路", "和平大街"]
PRODUCTS = ["金牛宝", "鑫享1号", "稳盈30天", "天天利", "安心理财2号", "现金添利", "月月盈", "季季红", "稳健增利",
            "鑫意理财", "添金宝", "周周赢", "安享90天", "睿智成长", "红利精选"]
HELD_PRODUCTS = ["聚财宝", "年年丰", "稳享60天", "盈家1号", "日日鑫"]

TRAIN_TEMPLATES = [
    "我的三方存管绑的是{bank}", "我用{bank}的卡可以吗", "嗯 那个{bank}的卡行不行", "我想换成{bank}",
    "{bank}的卡绑不上", "我之前在{branch}开的户", "我是{branch}的客户", "你们{branch}在哪里",
    "我想去{branch}办", "能不能转到{branch}", "我买了{product}", "{product}收益怎么样", "那个{product}还能买吗",
    "我想赎回{product}", "{product}什么时候到期", "我在{branch}买的{product}", "用{bank}的卡买{product}可以吗",
    "{branch}的经理给我推荐了{product}", "我在{bank}也有账户", "嗯嗯我是在{branch}那边", "就是{branch}啊",
    "你说的是{product}吗", "我没买过{product}", "绑{bank}的话要多久", "{bank}那个卡我不用了",
    "我记得是{branch}", "帮我查下{product}", "我的{product}亏了没有", "换个卡 换成{bank}的", "之前在{branch}办过业务",
]
HELD_TEMPLATES = [
    "我那张卡是{bank}的", "去{branch}可以办吗", "{product}现在收益多少", "我想把卡换成{bank}", "我是在{branch}开户的",
    "{product}能提前取吗", "我在{branch}那里买过{product}", "用{bank}绑定行不行", "你们{branch}几点下班", "我对{product}有兴趣",
]


def branch(rnd, streets):
    return rnd.choice(CITIES) + rnd.choice(streets) + rnd.choice(["营业部", "证券营业部", "营业部", "分公司"])


def fill(template, rnd, banks, streets, products):
    out = template
    for slot, pick in (("bank", lambda: rnd.choice(banks)), ("branch", lambda: branch(rnd, streets)),
                       ("product", lambda: rnd.choice(products))):
        while "{" + slot + "}" in out:
            out = out.replace("{" + slot + "}", "[" + pick() + "|" + slot + "]", 1)
    return out


def main():
    rnd = random.Random(20261122)
    train = [fill(t, rnd, BANKS, STREETS, PRODUCTS) for _ in range(10) for t in TRAIN_TEMPLATES]
    held = [fill(t, rnd, BANKS[:6] + HELD_BANKS, HELD_STREETS + STREETS[:3], HELD_PRODUCTS + PRODUCTS[:3])
            for _ in range(8) for t in HELD_TEMPLATES]
    os.makedirs(OUT, exist_ok=True)
    for name, rows in (("slots-train.txt", sorted(set(train))), ("slots-heldout.txt", sorted(set(held)))):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            f.write("# 槽位实体标注：[片段|类型]，类型为 bank / branch / product\n")
            for r in rows:
                f.write(r + "\n")
        print(name, len(rows))


if __name__ == "__main__":
    main()
