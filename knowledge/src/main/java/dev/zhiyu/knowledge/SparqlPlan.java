package dev.zhiyu.knowledge;

import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorByTypeBase;
import org.apache.jena.sparql.algebra.op.Op0;
import org.apache.jena.sparql.algebra.op.Op1;
import org.apache.jena.sparql.algebra.op.Op2;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpExt;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.algebra.op.OpN;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.ExprFunctionN;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprVisitorBase;

/**
 * The query-plan check every SPARQL query passes before it runs: read-only forms only, no dataset clause (FROM /
 * FROM NAMED would load documents), and no SERVICE anywhere in the compiled algebra — subqueries, OPTIONAL, UNION and
 * the graph patterns inside FILTER EXISTS / NOT EXISTS expressions included — nor functions loaded by Java class name.
 */
final class SparqlPlan {
    static final int MAX_CHARS = 1_000_000;
    static final int MAX_OPERATORS = 5_000;

    private SparqlPlan() {
    }

    static Query check(String text) {
        if (text.length() > MAX_CHARS) {
            throw SparqlException.rejected("查询超过 " + MAX_CHARS + " 个字符：请拆成几个较小的查询");
        }
        Query q = parse(text);
        if (!q.isSelectType() && !q.isAskType()) {
            throw SparqlException.rejected("仅支持 SELECT 和 ASK 查询");
        }
        if (q.hasDatasetDescription()) {
            throw SparqlException.rejected("不允许 FROM / FROM NAMED：查询只在本租户的图谱上执行，请删去数据集子句");
        }
        walk(Algebra.compile(q));
        return q;
    }

    private static Query parse(String text) {
        try {
            return QueryFactory.create(text, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            throw SparqlException.rejected("SPARQL 语法错误（仅支持只读查询 SELECT/ASK）：" + e.getMessage());
        }
    }

    private static void walk(Op op) {
        Checker c = new Checker();
        c.walk(op);
        if (c.operators > MAX_OPERATORS) {
            throw SparqlException.rejected("查询含 " + c.operators + " 个运算（上限 " + MAX_OPERATORS
                    + "），过于复杂：请减少 UNION 分支或拆成几个查询");
        }
    }

    /** Visits every operator, and the patterns inside expressions, counting them and refusing SERVICE. */
    private static final class Checker extends OpVisitorByTypeBase {
        int operators;
        private final ExprVisitorBase exprs = new ExprVisitorBase() {
            @Override
            public void visit(ExprFunctionOp f) {
                if (f.getGraphPattern() != null) {
                    Checker.this.walk(f.getGraphPattern());
                }
            }

            @Override
            public void visit(ExprFunctionN f) {
                if (f instanceof E_Function fn && fn.getFunctionIRI().startsWith("java:")) {
                    throw SparqlException.rejected("不允许按 Java 类名调用函数：" + fn.getFunctionIRI());
                }
            }
        };

        void walk(Op op) {
            Walker.walk(op, this, exprs);
        }

        @Override
        public void visit(OpService s) {
            throw SparqlException.rejected("不允许 SERVICE 远程查询（子查询、OPTIONAL、FILTER EXISTS 中的也不行）：请只查询本租户图谱");
        }

        @Override
        public void visit(OpBGP bgp) {
            operators++;
            for (Triple t : bgp.getPattern()) {
                if (t.getPredicate().isURI() && t.getPredicate().getURI().startsWith("java:")) {
                    throw SparqlException.rejected("不允许按 Java 类名调用属性函数：" + t.getPredicate().getURI());
                }
            }
        }

        @Override
        protected void visitN(OpN op) {
            operators++;
        }

        @Override
        protected void visit2(Op2 op) {
            operators++;
        }

        @Override
        protected void visit1(Op1 op) {
            operators++;
        }

        @Override
        protected void visit0(Op0 op) {
            operators++;
        }

        @Override
        protected void visitFilter(OpFilter op) {
            operators++;
        }

        @Override
        protected void visitLeftJoin(OpLeftJoin op) {
            operators++;
        }

        @Override
        protected void visitExt(OpExt op) {
            throw SparqlException.rejected("不支持扩展运算：" + op.getName());
        }
    }
}
