package dev.zhiyu.reports.generate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training graph: the same functions as {@link Net}, with teacher forcing over all plan steps and target tokens
 * at once (the planner and decoder condition on their own previous outputs through input features, not on a
 * recurrent state, so nothing is unrolled: SameDiff's per-op cost made an unrolled GRU 15 s per batch here).
 * Every lookup is a one-hot matmul (an embedding gather on integer input breaks SameDiff training).
 * Loss = decoder NLL (a copy target may be any plan item holding the value) + planner NLL + selection BCE.
 */
final class Graph {
    static final List<String> INPUTS = List.of("feats", "recMask", "recMaskAdd", "sel", "planPrev", "planCov", "planTgt",
            "planAvail", "planStep", "planIdx", "planMaskAdd", "prevV", "prevC", "prev2V", "prev2C", "lastC", "sect",
            "tgtAdd", "tokMask");
    final SameDiff sd = SameDiff.create();
    private final Dims d;
    private final String lossName;
    private final Map<String, SDVariable> v = new HashMap<>();
    private final Map<String, SDVariable> in = new HashMap<>();

    Graph(Dims d, Map<String, float[][]> init, double learningRate) {
        this.d = d;
        int n = d.records(), l = d.plan(), k = d.planSteps(), t = d.tokens(), voc = d.vocab();
        long[][] shapes = {{-1, n, d.features()}, {-1, n}, {-1, 1, n}, {-1, n}, {-1, k, n}, {-1, k, n}, {-1, k, n + 1},
                {-1, k, n + 1}, {-1, k}, {-1, l, n}, {-1, 1, l}, {-1, t, voc}, {-1, t, l}, {-1, t, voc}, {-1, t, l},
                {-1, t, l}, {-1, t, Net.SECTIONS}, {-1, t, voc + l}, {-1, t}};
        for (int i = 0; i < INPUTS.size(); i++) in.put(INPUTS.get(i), sd.placeHolder(INPUTS.get(i), DataType.FLOAT, shapes[i]));
        for (var e : init.entrySet()) v.put(e.getKey(), sd.var(e.getKey(), Nd4j.create(e.getValue())));
        SDVariable loss = build();
        sd.setLossVariables(loss);
        lossName = loss.name();
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(learningRate)).l2(1e-5)
                .dataSetFeatureMapping(INPUTS.toArray(String[]::new)).markLabelsUnused().build());
    }

    private SDVariable build() {
        int n = d.records(), h = d.hidden();
        SDVariable r = sd.nn.tanh(dense(in.get("feats"), "Wr", "br", n));
        SDVariable scores = sd.mmul(dense(r, "Wq", null, n), sd.permute(r, 0, 2, 1)).add(in.get("recMaskAdd"));
        SDVariable c = sd.mmul(sd.nn.softmax(scores, 2), r);
        SDVariable rc = sd.concat(2, r, c);
        SDVariable s = sd.nn.sigmoid(dense(rc, "ws", "bs", n)).reshape(-1, n).mul(in.get("recMask"));
        SDVariable rg = sd.nn.tanh(dense(rc, "Wm", "bm", n)).mul(sd.expandDims(s, 2));
        SDVariable y = in.get("sel");
        SDVariable bce = y.mul(sd.math.log(s.add(1e-6))).add(y.rsub(1.0).mul(sd.math.log(s.rsub(1.0).add(1e-6))))
                .mul(in.get("recMask")).sum().neg();
        SDVariable batch = sd.sizeAt(in.get("feats"), 0).castTo(DataType.FLOAT);
        return bce.add(planLoss(rg)).add(decoderLoss(rg)).div(batch);
    }

    private SDVariable planLoss(SDVariable rg) {
        int k = d.planSteps(), h = d.hidden();
        SDVariable prev = sd.mmul(in.get("planPrev"), rg), cov = sd.mmul(in.get("planCov"), rg);
        SDVariable u = sd.nn.tanh(dense(sd.concat(2, prev, cov), "Wu", "bu", k));
        SDVariable pick = sd.mmul(dense(u, "Wpl", null, k), sd.permute(rg, 0, 2, 1));
        SDVariable logits = sd.concat(2, pick, dense(u, "wstop", "bstop", k)).add(in.get("planAvail"));
        SDVariable nll = lse(logits).sub(logits.mul(in.get("planTgt")).sum(2));
        return nll.mul(in.get("planStep")).sum();
    }

    private SDVariable decoderLoss(SDVariable rg) {
        int t = d.tokens(), h = d.hidden();
        SDVariable reps = sd.mmul(in.get("planIdx"), rg).add(v.get("Pos"));
        SDVariable repsT = sd.permute(reps, 0, 2, 1);
        SDVariable e1 = dense(in.get("prevV"), "E", null, t).add(dense(sd.mmul(in.get("prevC"), reps), "Wc", null, t));
        SDVariable e2 = dense(in.get("prev2V"), "E2", null, t).add(dense(sd.mmul(in.get("prev2C"), reps), "Wc2", null, t));
        SDVariable last = sd.mmul(in.get("lastC"), reps);
        SDVariable x = sd.concat(2, e1, e2, last, in.get("sect"));
        SDVariable hid = sd.nn.tanh(dense(sd.nn.tanh(dense(x, "W1", "b1", t)), "W2", "b2", t));
        SDVariable mask = in.get("planMaskAdd");
        SDVariable a = sd.nn.softmax(sd.mmul(dense(hid, "Wa", null, t), repsT).add(mask), 2);
        SDVariable ctx = sd.mmul(a, reps);
        SDVariable o = sd.nn.tanh(dense(sd.concat(2, hid, ctx), "Wo", "bo", t));
        SDVariable lv = dense(o, "Wv", "bv", t);
        SDVariable lc = sd.mmul(dense(o, "Wp", null, t), repsT).add(mask);
        SDVariable logits = sd.concat(2, lv, lc);
        SDVariable nll = lse(logits).sub(lse(logits.add(in.get("tgtAdd"))));
        return nll.mul(in.get("tokMask")).sum();
    }

    /** x [B, rows, in] · W + b → [B, rows, out]. */
    private SDVariable dense(SDVariable x, String w, String b, int rows) {
        long[] shape = v.get(w).getShape();
        SDVariable out = x.reshape(-1, shape[0]).mmul(v.get(w));
        if (b != null) out = out.add(v.get(b));
        return out.reshape(-1, rows, shape[1]);
    }

    /** log Σ exp over the last axis, shifted by the row maximum (an unshifted one overflowed to NaN after ~40 epochs). */
    private SDVariable lse(SDVariable x) {
        SDVariable m = x.max(true, 2);
        return sd.math.log(sd.math.exp(x.sub(m)).sum(2)).add(sd.squeeze(m, 2));
    }

    /** The loss on one batch (no update). */
    double loss(org.nd4j.linalg.dataset.api.MultiDataSet batch) {
        Map<String, INDArray> ph = new HashMap<>();
        for (int i = 0; i < INPUTS.size(); i++) ph.put(INPUTS.get(i), batch.getFeatures(i));
        return sd.output(ph, List.of(lossName)).get(lossName).getDouble(0);
    }

    Map<String, float[][]> weights() {
        Map<String, float[][]> out = new java.util.LinkedHashMap<>();
        for (String name : v.keySet()) out.put(name, sd.getVariable(name).getArr().toFloatMatrix());
        return out;
    }
}
