package dev.zhiyu.reports.generate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** One training pair after linearisation and alignment, and how a batch of them becomes the graph's inputs. */
record Example(List<Rec> records, Alignment.Aligned aligned) {
    private static final float NEG = -1e9f;

    static MultiDataSet batch(List<Example> xs, Dims d, Vocabulary vocab) {
        int b = xs.size(), n = d.records(), l = d.plan(), k = d.planSteps(), t = d.tokens(), v = d.vocab();
        float[][][] feats = new float[b][n][d.features()];
        float[][] recMask = new float[b][n], sel = new float[b][n], planStep = new float[b][k];
        float[][][] recMaskAdd = new float[b][1][n], planMaskAdd = new float[b][1][l];
        float[][][] planPrev = new float[b][k][n], planCov = new float[b][k][n], planTgt = new float[b][k][n + 1];
        float[][][] planAvail = new float[b][k][n + 1], planIdx = new float[b][l][n];
        float[][] tokMask = new float[b][t];
        float[][][] prevV = new float[b][t][v], prevC = new float[b][t][l], prev2V = new float[b][t][v], prev2C = new float[b][t][l];
        float[][][] lastC = new float[b][t][l], sect = new float[b][t][Net.SECTIONS], tgtAdd = new float[b][t][v + l];
        for (int e = 0; e < b; e++) {
            Example x = xs.get(e);
            List<Rec> recs = x.records;
            List<Integer> plan = x.aligned.plan();
            for (int i = 0; i < n; i++) {
                boolean real = i < recs.size();
                if (real) feats[e][i] = Records.features(recs.get(i));
                recMask[e][i] = real ? 1 : 0;
                recMaskAdd[e][0][i] = real ? 0 : NEG;
                sel[e][i] = plan.contains(i) ? 1 : 0;
            }
            for (int s = 0; s < k; s++) {
                if (s >= 1 && s <= plan.size()) planPrev[e][s][plan.get(s - 1)] = 1;
                for (int j = 0; j < Math.min(s, plan.size()); j++) planCov[e][s][plan.get(j)] = 1f / s;
                planStep[e][s] = s <= plan.size() ? 1 : 0;
                planTgt[e][s][s < plan.size() ? plan.get(s) : n] = 1;
                for (int i = 0; i < n; i++)
                    planAvail[e][s][i] = sel[e][i] == 1 && !plan.subList(0, Math.min(s, plan.size())).contains(i) ? 0 : NEG;
            }
            for (int j = 0; j < l; j++) {
                if (j < plan.size()) planIdx[e][j][plan.get(j)] = 1;
                planMaskAdd[e][0][j] = j < plan.size() ? 0 : NEG;
            }
            tokens(x, plan, vocab, new float[][][]{prevV[e], prevC[e], prev2V[e], prev2C[e], lastC[e], sect[e], tgtAdd[e]}, tokMask[e]);
        }
        INDArray[] f = {Nd4j.create(feats), Nd4j.create(recMask), Nd4j.create(recMaskAdd), Nd4j.create(sel),
                Nd4j.create(planPrev), Nd4j.create(planCov), Nd4j.create(planTgt), Nd4j.create(planAvail), Nd4j.create(planStep),
                Nd4j.create(planIdx), Nd4j.create(planMaskAdd), Nd4j.create(prevV), Nd4j.create(prevC), Nd4j.create(prev2V),
                Nd4j.create(prev2C), Nd4j.create(lastC), Nd4j.create(sect), Nd4j.create(tgtAdd), Nd4j.create(tokMask)};
        return new MultiDataSet(f, new INDArray[0]);
    }

    /** Decoder inputs and targets; {@code a} = prevV, prevC, prev2V, prev2C, lastC, sect, tgtAdd. */
    private static void tokens(Example x, List<Integer> plan, Vocabulary vocab, float[][][] a, float[] tokMask) {
        List<Alignment.Token> toks = x.aligned.tokens();
        int voc = vocab.size(), lastCopy = -1, newlines = 0;
        for (float[] row : a[6]) java.util.Arrays.fill(row, NEG);
        for (int t = 0; t < tokMask.length; t++) {
            put(t == 0 ? null : t - 1 < toks.size() ? toks.get(t - 1) : null, t == 0 ? Vocabulary.BOS : Vocabulary.PAD, plan, vocab, a[0][t], a[1][t]);
            put(t >= 2 && t - 2 < toks.size() ? toks.get(t - 2) : null, t == 1 ? Vocabulary.BOS : Vocabulary.PAD, plan, vocab, a[2][t], a[3][t]);
            if (t >= 1 && t - 1 < toks.size()) {
                Alignment.Token p = toks.get(t - 1);
                if (p.copy()) lastCopy = plan.indexOf(p.records().get(0));
                else if (p.piece().equals("\n")) newlines++;
            }
            if (lastCopy >= 0) a[4][t][lastCopy] = 1;
            a[5][t][Math.min(newlines, Net.SECTIONS - 1)] = 1;
            if (t < toks.size()) {
                Alignment.Token y = toks.get(t);
                if (y.copy()) for (int r : y.records()) a[6][t][voc + plan.indexOf(r)] = 0;
                else a[6][t][vocab.id(y.piece())] = 0;
                tokMask[t] = 1;
            } else if (t == toks.size()) {
                a[6][t][Vocabulary.EOS] = 0;
                tokMask[t] = 1;
            } else a[6][t][Vocabulary.PAD] = 0;
        }
    }

    /** A previous token as a one-hot piece or plan item; {@code none} when there is no token at that offset. */
    private static void put(Alignment.Token tok, int none, List<Integer> plan, Vocabulary vocab, float[] v, float[] c) {
        if (tok == null) v[none] = 1;
        else if (tok.copy()) c[plan.indexOf(tok.records().get(0))] = 1;
        else v[vocab.id(tok.piece())] = 1;
    }
}
