package dev.zhiyu.telephony.sim;

import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EslFrame;
import dev.zhiyu.telephony.esl.EventEncoder;
import dev.zhiyu.telephony.esl.EventFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The commands an ESL client sends, answered as FreeSWITCH answers them: {@code api}, {@code bgapi}, {@code sendmsg}. */
final class SimCommands {
    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");
    private final FsSimulator sim;
    private final SimChannels channels;
    private final SimCallcenter callcenter;
    private final Set<String> gateways;
    final SimScheduler scheduler = new SimScheduler();

    SimCommands(FsSimulator sim, SimChannels channels, SimCallcenter callcenter, Set<String> gateways) {
        this.sim = sim;
        this.channels = channels;
        this.callcenter = callcenter;
        this.gateways = gateways;
    }

    /** Runs on a job thread of its own; the result goes out as a BACKGROUND_JOB event. */
    void bgapi(String command, String jobUuid) {
        Thread.ofVirtual().name("sim-job").start(() -> {
            if (command.startsWith("originate ")) {
                channels.originate(command.substring("originate ".length()).strip(), command, jobUuid);
            } else {
                String verb = command.split("\\s+")[0];
                sim.publish(sim.events().backgroundJob(jobUuid, verb, command.substring(verb.length()).strip(), api(command)));
            }
        });
    }

    String sendmsg(String uuid, EslFrame frame) {
        SimChannel ch = channels.get(uuid.strip());
        if (ch == null) {
            return "-ERR invalid session id [" + uuid.strip() + "]";
        }
        ch.touched();
        String cmd = frame.header("call-command");
        if ("hangup".equals(cmd)) {
            String cause = frame.header("hangup-cause");
            ch.controls.add(new SimChannel.Control.Kill(cause == null ? "NORMAL_CLEARING" : cause));
        } else if ("execute".equals(cmd)) {
            String app = frame.header("execute-app-name");
            String appArg = frame.header("execute-app-arg");
            if (appArg == null && frame.body().length > 0) {
                appArg = frame.bodyText(); // long args travel in the body
            }
            String eventUuid = frame.header("Event-UUID");
            ch.apps.add(new SimChannel.App(app, appArg == null ? "" : appArg,
                    eventUuid == null ? UUID.randomUUID().toString() : eventUuid));
        } else {
            return "-ERR unknown call-command";
        }
        return "+OK";
    }

    /** An API command from an ESL client: every channel it names has a controller. */
    String api(String command) {
        for (String token : command.strip().split("\\s+")) {
            SimChannel ch = channels.get(token);
            if (ch != null) {
                ch.touched();
            }
        }
        return exec(command);
    }

    /** An API command as the switch runs it (from ESL, from a channel's {@code api_on_answer}, from the scheduler). */
    String exec(String command) {
        String[] p = command.strip().split("\\s+");
        SimChannel ch = p.length > 1 ? channels.get(p[1]) : null;
        if ((p[0].equals("sched_api") || p[0].equals("sched_del")) && !sim.hasModule("mod_commands")) {
            return "-ERR " + p[0] + " Command not found!\n"; // the scheduler's commands are mod_commands'
        }
        return switch (p[0]) {
            case "status" -> "UP 0 years, 0 days\nFreeSWITCH (Version 1.10.12-release simulator) is ready\n"
                    + channels.size() + " session(s)\n";
            case "show" -> command.contains("channels") ? showChannels() : "-ERR unsupported\n";
            case "uuid_kill" -> control(ch, new SimChannel.Control.Kill(p.length > 2 ? p[2] : "NORMAL_CLEARING"));
            case "uuid_transfer" -> control(ch, new SimChannel.Control.Transfer(p.length > 2 ? p[2] : ""));
            case "uuid_break" -> control(ch, new SimChannel.Control.Break());
            case "uuid_record" -> record(ch, p);
            case "uuid_setvar" -> setvar(ch, p);
            case "uuid_getvar" -> ch == null ? "-ERR No such channel!\n" : ch.vars.getOrDefault(p.length > 2 ? p[2] : "", "_undef_");
            case "sched_api" -> schedule(command.strip());
            case "sched_del" -> "+OK Deleted: " + (p.length > 1 ? scheduler.delete(p[1]) : 0) + "\n";
            case "uuid_broadcast" -> broadcast(ch, p);
            case "uuid_exists" -> ch == null ? "false" : "true";
            case "uuid_dump" -> ch == null ? "-ERR No such channel!\n" : dump(ch);
            case "callcenter_config" -> callcenter.api(p);
            case "hash" -> sim.hash().api(p.length > 1 ? p[1] : "");
            case "module_exists" -> p.length > 1 && sim.hasModule(p[1]) ? "true" : "false";
            case "sofia" -> "Name\t" + (p.length > 3 ? p[3] : "") + "\nStatus\t"
                    + (p.length > 3 && gateways.contains(p[3]) ? "UP" : "Invalid Gateway!") + "\n";
            default -> "-ERR " + p[0] + " Command not found!\n";
        };
    }

    /**
     * {@code api_hangup_hook}, run in the hang-up state as switch_core_state_machine.c's api_hook does: the command
     * ends at {@code ::} or the first space, and {@code ${var}} in its argument expand against the channel's
     * variables (hangup_cause, answer_epoch, billsec are set by then). Its output goes nowhere.
     */
    void hangupHook(SimChannel ch) {
        String hook;
        Map<String, String> vars;
        synchronized (ch.vars) {
            hook = ch.vars.get("api_hangup_hook");
            vars = Map.copyOf(ch.vars);
        }
        if (hook == null || hook.isBlank() || channels.get(ch.uuid) != ch) {
            return; // no hook, or the channel died with a restarted switch
        }
        int colons = hook.indexOf("::");
        int space = hook.indexOf(' ');
        int split = colons >= 0 && (space < 0 || colons < space) ? colons : space;
        String cmd = split < 0 ? hook : hook.substring(0, split);
        String arg = split < 0 ? "" : hook.substring(split + (split == colons ? 2 : 1));
        Matcher m = VAR.matcher(arg);
        String expanded = m.replaceAll(r -> Matcher.quoteReplacement(vars.getOrDefault(r.group(1), "")));
        sim.log("api_hangup_hook " + cmd + " " + expanded + " -> " + api(cmd + " " + expanded).strip());
    }

    /** {@code sched_api +<seconds> <group> <command>}; a task naming a channel marks it as hung up by a guard. */
    private String schedule(String command) {
        String[] p = command.split("\\s+", 4);
        if (p.length < 4 || !p[1].startsWith("+")) {
            return "-ERR Invalid syntax. USAGE: [+@]<time> <group_name> <command_string>\n";
        }
        String task = p[3];
        int id = scheduler.add(Long.parseLong(p[1].substring(1)), p[2], () -> {
            String[] t = task.split("\\s+");
            SimChannel target = t.length > 1 ? channels.get(t[1]) : null;
            if (target != null) {
                target.guardFired();
            }
            exec(task);
        });
        return "+OK Added: " + id + "\n";
    }

    /**
     * {@code uuid_broadcast <uuid> [<app>[!<cause>]::]<arg> [aleg]}: the app runs after whatever the channel is
     * doing; {@code !cause} queues a hang-up with that cause after it (switch_ivr_broadcast).
     */
    private static String broadcast(SimChannel ch, String[] p) {
        if (ch == null || p.length < 3) {
            return "-ERR Operation failed\n";
        }
        String app = "playback";
        String arg = p[2];
        int sep = arg.indexOf("::");
        if (sep > 0) {
            app = arg.substring(0, sep);
            arg = arg.substring(sep + 2);
        }
        String cause = null;
        int bang = app.indexOf('!');
        if (bang >= 0) {
            cause = bang == app.length() - 1 ? "NORMAL_CLEARING" : app.substring(bang + 1);
            app = app.substring(0, bang);
        }
        ch.apps.add(new SimChannel.App(app, arg, UUID.randomUUID().toString()));
        if (cause != null) {
            ch.apps.add(new SimChannel.App("hangup", cause, UUID.randomUUID().toString()));
        }
        return "+OK Message sent\n";
    }

    private static String control(SimChannel ch, SimChannel.Control c) {
        if (ch == null) {
            return "-ERR No such channel!\n";
        }
        ch.controls.add(c);
        return "+OK\n";
    }

    private String record(SimChannel ch, String[] p) {
        if (ch == null) {
            return "-ERR Cannot locate session!\n";
        }
        boolean start = p.length > 3 && p[2].equals("start");
        String path = p.length > 3 ? p[3] : "";
        synchronized (ch.vars) {
            if (start) {
                ch.vars.put("record_path", path);
            }
        }
        sim.publish(sim.events().channel(start ? "RECORD_START" : "RECORD_STOP", ch, List.of(),
                SimEvents.headers("Record-File-Path", start ? path : ch.vars.getOrDefault("record_path", "")), ""));
        return "+OK Success\n";
    }

    private static String setvar(SimChannel ch, String[] p) {
        if (ch == null) {
            return "-ERR No such channel!\n";
        }
        synchronized (ch.vars) {
            ch.vars.put(p[2], p.length > 3 ? p[3] : "");
        }
        return "+OK\n";
    }

    /** {@code uuid_dump <uuid> json}: the channel's data as a JSON CHANNEL_DATA event (captured in 01_inbound_main). */
    private String dump(SimChannel ch) {
        EslEvent data = sim.events().channel("CHANNEL_DATA", ch, List.of(), List.of(), "");
        return EventEncoder.frame(data, EventFormat.JSON).bodyText();
    }

    private String showChannels() {
        if (channels.size() == 0) {
            return "{\"row_count\": 0}\n";
        }
        List<String> rows = new ArrayList<>();
        for (SimChannel ch : channels.all()) {
            rows.add("{\"uuid\":\"" + ch.uuid + "\",\"direction\":\"outbound\",\"name\":\"" + ch.channelName
                    + "\",\"state\":\"" + ch.state + "\",\"dest\":\"" + ch.number + "\",\"callstate\":\""
                    + ch.callState + "\",\"call_uuid\":\"" + ch.uuid + "\"}");
        }
        return "{\"row_count\":" + rows.size() + ",\"rows\":[" + String.join(",", rows) + "]}\n";
    }
}
