package dev.zhiyu.server.durability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.durability.Ledger.Ack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** The kinds of write the harness makes through the HTTP API, each with how to find it again after a restart. */
enum Write {
    DNC {
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            String tail = digits(ledger, 8);
            return ack(admin.post("/api/calls/dnc", Map.of("numbers", List.of("139" + tail), "reason", "崩溃测试")),
                    tail);
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            return reads.pages("/api/calls/dnc").contains(ack.key());
        }
    },
    HOLIDAY {
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            String date = LocalDate.of(2040, 1, 1).plusDays(ledger.next() + ledger.runId() % 7000).toString();
            return ack(admin.post("/api/calls/holidays", Map.of("dates", List.of(date), "name", "崩溃测试")), date);
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            return reads.get("/api/calls/holidays").body().contains(ack.key());
        }
    },
    CALLER_ID {
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            String tail = digits(ledger, 7);
            return ack(admin.post("/api/calls/caller-ids", Map.of("number", "0216" + tail, "label", "崩溃测试")), tail);
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            return reads.get("/api/calls/caller-ids").body().contains("6" + ack.key());
        }
    },
    API_KEY {
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            Api.Response r = admin.post("/api/keys", Map.of("name", "崩溃测试-" + ledger.next(), "role", "operator"));
            return ok(r) ? Optional.of(new Ack(this, r.json().path("key").path("id").asText(),
                    r.json().path("secret").asText())) : Optional.empty();
        }

        /** The key is still there (revoked or not: a revocation is a write of its own, checked as KEY_REVOKE). */
        @Override
        boolean survived(Reads reads, Ack ack) {
            for (JsonNode k : reads.get("/api/keys").json()) {
                if (k.path("id").asText().equals(ack.key())) {
                    return true;
                }
            }
            return false;
        }
    },
    KEY_REVOKE {
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            Optional<Ack> key = ledger.keyToRevoke();
            if (key.isEmpty()) {
                return Optional.empty();
            }
            return ok(admin.delete("/api/keys/" + key.get().key()))
                    ? Optional.of(new Ack(this, key.get().key(), key.get().secret())) : Optional.empty();
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            return reads.statusWithKey(ack.secret()) == 401;
        }
    },
    USER {
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            String name = "crash" + ledger.runId() + "u" + ledger.next();
            return ack(admin.post("/api/users", Map.of("username", name, "displayName", "崩溃测试", "role", "operator",
                    "password", "Crash-" + name + "-pw")), name);
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            return reads.get("/api/users").body().contains("\"" + ack.key() + "\"");
        }
    },
    CALL_LIST {
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            int n = ledger.next();
            StringBuilder csv = new StringBuilder("phone,customer_name,stop_step\n");
            for (int i = 0; i < LIST_ROWS; i++) {
                csv.append("137").append(String.format("%08d", (n * LIST_ROWS + i) % 100_000_000)).append(",客户")
                        .append(i).append(",4\n"); // 4: 视频见证, a step the scenario knows
            }
            Api.Response r = admin.postRaw("/api/calls/lists?name=" + LIST_PREFIX + n, csv.toString(), "text/csv");
            return ok(r) ? Optional.of(new Ack(this, r.json().path("listId").asText(), null)) : Optional.empty();
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            for (JsonNode l : reads.get("/api/calls/lists").json()) {
                if (l.path("listId").asText().equals(ack.key())) {
                    return l.path("leads").asLong() == LIST_ROWS;
                }
            }
            return false;
        }
    },
    TASK_STOP {
        /** Creates a task on an acknowledged list, starts it and stops it: only the acknowledged stop is recorded. */
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            Optional<Ack> list = ledger.any(CALL_LIST, random);
            if (list.isEmpty()) {
                return Optional.empty();
            }
            Api.Response created = admin.post("/api/tasks", Map.of("name", "崩溃测试任务-" + ledger.next(),
                    "listId", list.get().key()));
            if (!ok(created)) {
                return Optional.empty();
            }
            String id = created.json().path("id").asText();
            admin.postRaw("/api/tasks/" + id + "/start", "", null);
            return ok(admin.postRaw("/api/tasks/" + id + "/stop", "", null))
                    ? Optional.of(new Ack(this, id, null)) : Optional.empty();
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            Api.Response r = reads.get("/api/tasks/" + ack.key());
            return r.status() == 200 && r.json().path("status").asText().equals("STOPPED");
        }
    },
    REPORT {
        /** A real periodic report (processed for seconds: a crash often cuts its processing off). */
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            List<Path> pdfs = reports();
            Path pdf = pdfs.get(random.nextInt(pdfs.size()));
            Api.Response r = admin.postBytes("/api/reports?name=crash-" + ledger.next() + ".pdf", read(pdf),
                    "application/pdf");
            return ok(r) ? Optional.of(new Ack(this, r.json().path("id").asText(), null)) : Optional.empty();
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            return reads.get("/api/reports/" + ack.key()).status() == 200;
        }
    },
    KG_IMPORT {
        @Override
        Optional<Ack> perform(Api admin, Ledger ledger, Random random) {
            String code = "CR" + ledger.runId() + "N" + ledger.next();
            String doc = "{\"entities\": [{\"kind\": \"company\", \"code\": \"" + code + "\", \"name\": \"崩溃测试公司"
                    + code + "\"}]}";
            return ack(admin.postRaw("/api/kg/import?format=tables", doc, "application/json"), code);
        }

        @Override
        boolean survived(Reads reads, Ack ack) {
            return reads.get("/api/kg/companies/" + ack.key() + "/profile").status() == 200;
        }
    };

    static final int LIST_ROWS = 20;
    static final Path REPORTS = Path.of("../../shared/data/reports/pdfs");
    static final String LIST_PREFIX = "崩溃测试名单-";

    /** Performs one write; the acknowledged write, or empty when the server did not answer 2xx. */
    abstract Optional<Ack> perform(Api admin, Ledger ledger, Random random);

    /** True when the acknowledged write is present, whole, on the restarted server. */
    abstract boolean survived(Reads reads, Ack ack);

    Optional<Ack> ack(Api.Response r, String key) {
        return ok(r) ? Optional.of(new Ack(this, key, null)) : Optional.empty();
    }

    static List<Path> reports() {
        try (var files = Files.list(REPORTS)) {
            return files.filter(f -> f.toString().endsWith(".pdf")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("缺少共享测试数据 " + REPORTS.toAbsolutePath(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean ok(Api.Response r) {
        return r.status() >= 200 && r.status() < 300;
    }

    private static String digits(Ledger ledger, int width) {
        long mod = (long) Math.pow(10, width);
        return String.format("%0" + width + "d", (ledger.runId() * 1000 + ledger.next()) % mod);
    }
}
