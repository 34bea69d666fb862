/** Stage 6, delivery: published news to subscribers by webhook (signed), e-mail and Atom feed. */
package dev.zhiyu.reports.delivery;
