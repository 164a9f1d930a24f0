import type { ImpliedPrior } from '../../lib/snapshots/schema';

/**
 * Prior-year figures the narrative of hangzhou-2024 (seed 000) implies, worked out by hand from its sentences (the
 * claims part of the engine reads them from the page; here they are the builder's input).
 */
export const HANGZHOU_2024_IMPLIED: ImpliedPrior[] = [
  {
    subject: '一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）',
    code: null,
    amount: '17311700', // 1,797.02 − 65.85 = 1,731.17 万元
    basis: '执行数',
    text: '（1）一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）预算为 1,797.02 万元，主要用于保障单位正常运转相关的人员及公用支出。比上年执行数增加 65.85 万元，增长 3.8%',
  },
  {
    subject: '一般公共服务支出(类)信访事务(款)其他信访事务支出(项)',
    code: null,
    amount: '0', // 4,890.85 − 4,890.85
    basis: '执行数',
    text: '(3) 一般公共服务支出(类)信访事务(款)其他信访事务支出(项)预算为4,890.85万元,主要用于信访日常职能业务方面的支出。比上年执行数增加4,890.85万元,增长100%',
  },
  {
    subject: '支出预算',
    code: null,
    amount: '78122000', // 8,149.47 − 337.27 = 7,812.20 万元
    basis: '执行数',
    text: '2024 年支出预算 8,149.47 万元，比上年执行数增加 337.27 万元，增长 4.3%',
  },
  {
    subject: '“三公”经费',
    code: null,
    amount: '295500', // 11.50 + 18.05 = 29.55 万元
    basis: '预算数',
    text: '2024 年“三公”经费预算数为 11.50 万元，比上年预算数减少 18.05 万元，下降 61.1%',
  },
];
