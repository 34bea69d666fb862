package dev.zhiyu.nlp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CalibrationTest {
    @Test
    void eceOfPerfectAndOverconfidentPredictions() {
        assertEquals(0.0, Calibration.ece(new double[]{1, 1, 1}, new boolean[]{true, true, true}), 1e-12);
        // conf 0.9 but only half right: |0.5 - 0.9| = 0.4
        assertEquals(0.4, Calibration.ece(new double[]{0.9, 0.9, 0.9, 0.9}, new boolean[]{true, false, true, false}), 1e-12);
        assertTrue(Double.isNaN(Calibration.ece(new double[0], new boolean[0])));
    }

    @Test
    void softmaxWithTemperature() {
        double[] p = Calibration.softmax(new double[]{2, 1, 0}, 1);
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
        double[] hot = Calibration.softmax(new double[]{2, 1, 0}, 0.5), cold = Calibration.softmax(new double[]{2, 1, 0}, 4);
        assertTrue(hot[0] > p[0] && p[0] > cold[0]);
        double[] huge = Calibration.softmax(new double[]{1000, 0}, 1);
        assertEquals(1.0, huge[0], 1e-12, "no overflow");
    }

    /** Labels drawn from softmax(z); a model reporting 3z is over-confident by T=3, which the fit must recover. */
    @Test
    void fitRecoversTheTemperatureOfAnOverconfidentModel() {
        Random r = new Random(7);
        int n = 4000, k = 5;
        double[][] logits = new double[n][k];
        int[] gold = new int[n];
        double[] conf = new double[n];
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) {
            double[] z = new double[k];
            for (int j = 0; j < k; j++) z[j] = r.nextGaussian() * 1.5;
            double[] p = Calibration.softmax(z, 1);
            double u = r.nextDouble(), c = 0;
            for (int j = 0; j < k; j++) if ((c += p[j]) >= u || j == k - 1) { gold[i] = j; break; }
            for (int j = 0; j < k; j++) logits[i][j] = 3 * z[j];
        }
        double t = Calibration.fitTemperature(logits, gold);
        assertEquals(3.0, t, 0.3);
        assertTrue(Calibration.nll(logits, gold, t) < Calibration.nll(logits, gold, 1));
        for (double temp : new double[]{1, t}) {
            for (int i = 0; i < n; i++) {
                double[] p = Calibration.softmax(logits[i], temp);
                int best = 0;
                for (int j = 1; j < k; j++) if (p[j] > p[best]) best = j;
                conf[i] = p[best];
                ok[i] = best == gold[i];
            }
            if (temp == 1) assertTrue(Calibration.ece(conf, ok) > 0.1, "uncalibrated is off");
            else assertTrue(Calibration.ece(conf, ok) < 0.05, "calibrated ECE " + Calibration.ece(conf, ok));
        }
    }
}
