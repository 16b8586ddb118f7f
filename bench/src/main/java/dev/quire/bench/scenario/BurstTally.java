package dev.quire.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.grpc.Status;

/** What the calls of one or more bursts ended with; filled from gRPC callback threads. */
final class BurstTally {

    private final List<Long> rejectionNanos = new ArrayList<>();
    private final List<Long> loneRejectionNanos = new ArrayList<>();
    private final List<Long> slowestRejectionPerBurst = new ArrayList<>();
    private int loneAdmitted;
    private int bursts;
    private int sent;
    private int ok;
    private int otherErrors;
    private int hung;
    private long slowestAnswerNanos;

    synchronized void startBurst(int calls) {
        bursts++;
        sent += calls;
        slowestRejectionPerBurst.add(0L);
    }

    synchronized void record(Status.Code code, long nanos) {
        switch (code) {
            case OK -> {
                ok++;
                slowestAnswerNanos = Math.max(slowestAnswerNanos, nanos);
            }
            case RESOURCE_EXHAUSTED -> {
                rejectionNanos.add(nanos);
                // Rejections come back before the next burst starts (the scenario waits for them).
                int last = slowestRejectionPerBurst.size() - 1;
                slowestRejectionPerBurst.set(last, Math.max(slowestRejectionPerBurst.get(last), nanos));
            }
            case DEADLINE_EXCEEDED -> hung++;
            default -> otherErrors++;
        }
    }

    /** A call sent alone into the full queue after a burst: its rejection time, or admitted. */
    synchronized void recordLone(Status.Code code, long nanos) {
        if (code == Status.Code.RESOURCE_EXHAUSTED) {
            loneRejectionNanos.add(nanos);
        } else {
            loneAdmitted++;
        }
    }

    synchronized long[] loneRejectionNanos() {
        return loneRejectionNanos.stream().mapToLong(Long::longValue).toArray();
    }

    synchronized int loneAdmitted() {
        return loneAdmitted;
    }

    /** Calls that ended neither way before the bound: lost. */
    synchronized void unanswered(int calls) {
        hung += calls;
    }

    synchronized int bursts() {
        return bursts;
    }

    synchronized int sent() {
        return sent;
    }

    synchronized int ok() {
        return ok;
    }

    synchronized int rejected() {
        return rejectionNanos.size();
    }

    synchronized int otherErrors() {
        return otherErrors;
    }

    synchronized int hung() {
        return hung;
    }

    synchronized double slowestAnswerMillis() {
        return slowestAnswerNanos / 1e6;
    }

    /** Each burst's slowest rejection, in burst order. */
    synchronized long[] slowestRejectionPerBurst() {
        return slowestRejectionPerBurst.stream().mapToLong(Long::longValue).toArray();
    }

    synchronized long[] rejectionNanos() {
        return rejectionNanos.stream().mapToLong(Long::longValue).toArray();
    }

    synchronized String summary() {
        return String.format(Locale.ROOT, "%d sent, %d answered, %d rejected, %d other errors, %d hung", sent, ok, rejected(), otherErrors, hung);
    }
}
