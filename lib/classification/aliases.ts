/**
 * Names that real pages print for a subject other than its official current name: older official names,
 * local variants and recurring misprints. Each maps to the code of the one subject it stands for; it is
 * never a subject of its own. Keep each with a note of where it was seen.
 */
export const aliases: ReadonlyArray<readonly [name: string, code: string]> = [
  // 杭州市信访局 2024 部门预算 (seeds/000): 表3, 表5 and the 一般公共预算 narrative print
  // 科学技术支出（类）技术与开发（款）科技成果转化与扩散（项）.
  ['技术与开发', '20604'],
  // 湖州市信访局 2024 部门预算 (seeds/002): narrative (四) and (五)3.(1) print "一般公共预算服务支出"
  // for 一般公共服务支出 (the tables have the right name).
  ['一般公共预算服务支出', '201'],
  // Name of 20805 before it became 行政事业单位养老支出; still printed in later years, e.g. 上海市普陀区
  // 石泉路街道办事处 2025 年度决算 narrative "社会保障和就业支出（类）行政事业单位离退休（款）".
  ['行政事业单位离退休', '20805'],
  // Name of 2080501 before 2019 (beside 未归口管理的行政单位离退休); 国家信访局 2024 部门决算 (shared corpus) still
  // prints "行政事业单位离退休（款）归口管理的行政单位离退休（项）".
  ['归口管理的行政单位离退休', '2080501'],
  // Matching older name of 2080599 on the same pages that use 行政事业单位离退休 for the 款.
  ['其他行政事业单位离退休支出', '2080599'],
  // 绍兴市信访局 2021 部门预算 (seeds/003) narrative (六) lists "城镇职工基本医疗保险缴费": the pre-2018
  // name of 30110 职工基本医疗保险缴费, still used from habit.
  ['城镇职工基本医疗保险缴费', '30110'],
  // 杭州市信访局 2022 部门预算 (seeds/001) narrative (三)3: "对个人和家庭的补助支出 45.97万元".
  ['对个人和家庭的补助支出', '303'],
  // 绍兴市信访局 2021 部门预算 (seeds/003) narrative (六): "其他对个人和家庭的补助支出".
  ['其他对个人和家庭的补助支出', '30399'],
  // 三公 narratives and tables everywhere write 因公出国（境）费 for 30212 因公出国（境）费用
  // (杭州市信访局 2022 名词解释, seeds/001).
  ['因公出国（境）费', '30212'],
  // Pre-2019 names of 类 that the 2019 subjects renamed; 2019 决算 pages compare against them.
  ['文化体育与传媒支出', '207'],
  ['医疗卫生与计划生育支出', '210'],
  ['国土海洋气象等支出', '220'],
  // 21305 was 扶贫 up to 2020 and 巩固脱贫衔接乡村振兴 on 2021 pages.
  ['扶贫', '21305'],
  ['巩固脱贫衔接乡村振兴', '21305'],
  // 22402 was 消防事务 before the 消防救援 reform renamed it.
  ['消防事务', '22402'],
];
