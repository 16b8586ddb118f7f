package dev.quire.bench.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.quire.bench.grpc.InferenceClient;
import dev.quire.bench.load.Percentiles;
import dev.quire.bench.report.Target;
import dev.quire.bench.server.BenchModels;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ServerLiveRequest;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Overflow: a burst of 10x max_queue_size requests fired at once (through grpc-java's ClientCall) at a model
 * with one slot whose requests are slow. The queue holds max_queue_size, the slot one more; every
 * other request must be refused with RESOURCE_EXHAUSTED at once, and every admitted one answered.
 * Every call carries a deadline, so a request the server never answers shows up as hung.
 */
public final class BurstScenario implements Scenario {

    static final int SENT = 10 * BenchModels.BURST_QUEUE;
    /** Long enough that the queue stays full for the whole burst. */
    static final int SLOW_TOKENS = 480;
    static final int WARMUP_TOKENS = 96;
    static final long DEADLINE_SECONDS = 60;

    private final BenchContext context;
    private final BurstTally tally = new BurstTally();
    /** The same bursts started through the asynchronous stub, in the same runs: reference, no target. */
    private final BurstTally stubTally = new BurstTally();
    /** Per measured burst: the slowest answer of {@value #SENT} ServerLive calls fired at once (all succeed: no exception on the client). */
    private final List<Long> bareBurstSlowestNanos = new ArrayList<>();
    /** Every measured call sends this one request. */
    private final ModelInferRequest measuredRequest = generationRequest(SLOW_TOKENS);
    /**
     * The warm-up runs of the measured sequence send this one: the queue still stays full through the burst
     * and the calls after it (~9 ms of generation per admitted call), and a run takes a tenth of the time.
     */
    private final ModelInferRequest warmupRequest = generationRequest(WARMUP_TOKENS);

    public BurstScenario(BenchContext context) {
        this.context = context;
    }

    @Override
    public String title() {
        return "Burst of " + SENT + " requests against max_queue_size " + BenchModels.BURST_QUEUE;
    }

    /**
     * Warm-up calls, at least: the server's and the client's code on the rejection path runs
     * interpreted or C1-compiled until C2 compiles it (after 5,000-15,000 invocations of a method), and a
     * cold path costs milliseconds per call. Rejections are cheap, so this costs seconds.
     */
    static final int MIN_WARMUP_CALLS = 48_000;
    /** Calls sent one after another into the full queue after each burst (not part of the burst's count). */
    static final int LONE_CALLS = 10;

    /** Runs of the measured sequence with {@value #WARMUP_TOKENS}-token answers in {@link #prepare} (~0.13 s each). */
    static final int WARMUP_SEQUENCES = 300;
    /** Runs of the measured sequence, not counted, before each measured one (~0.8 s each: the admitted calls generate). */
    static final int SETTLE_SEQUENCES = 5;

    /** As many bursts as make {@code --warmup-requests} calls, at least {@value #MIN_WARMUP_CALLS} calls. */
    private int warmupBursts() {
        return Math.max(MIN_WARMUP_CALLS, context.options().warmupRequests()) / SENT;
    }

    @Override
    public void prepare() throws Exception {
        // Bursts back to back, not counted: the first fills the queue and the slot, and while those
        // are answered (seconds) every later burst is refused whole, so the rejection path is warmed
        // on client and server; the admitted calls warm the answering path. Then the queue drains.
        List<CountDownLatch> bursts = new ArrayList<>();
        BurstTally warmup = new BurstTally();
        long started = System.nanoTime();
        for (int i = 0; i < warmupBursts(); i++) {
            CountDownLatch answered = send(warmup, i % 2 == 0 ? ClientApi.CALL : ClientApi.STUB, measuredRequest);
            awaitRejections(answered);
            bursts.add(answered);
        }
        for (CountDownLatch answered : bursts) {
            awaitAnswers(answered, warmup);    // unanswered calls show in the summary line below
        }
        // The reference burst's path too, as often as the rejection path (a few seconds: nothing waits in a queue).
        for (int i = 0; i < warmupBursts(); i++) {
            bareBurst();
        }
        // Then the measured sequence itself, not counted, with shorter answers: it takes paths the bursts above
        // do not (a flush per call, lone blocking calls, admitted calls, a queue that fills inside the burst).
        // In earlier tries without this, the JIT and GC logs of both JVMs had a compilation or a young-collection
        // pause inside most bursts slower than 3.5 ms (4-20 ms against ~2 ms) over the first ~180 runs of the
        // sequence: code run a few dozen times per run reaches C2 only after hundreds of runs.
        for (int i = 1; i <= context.unlessQuick(WARMUP_SEQUENCES); i++) {
            sequence(i, warmup, warmup, warmupRequest, false);
        }
        System.err.printf(Locale.ROOT, "  burst warm-up in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, warmup.summary());
    }

    @Override
    public void measure(int run) throws Exception {
        // The point's own warm-up, as every other point has one: the scenarios run between two burst runs
        // send other models' calls through the same server code, and the first bursts after them pay for it.
        BurstTally settle = new BurstTally();
        for (int i = 1; i <= context.unlessQuick(SETTLE_SEQUENCES); i++) {
            sequence(run + i, settle, settle, measuredRequest, false);
        }
        sequence(run, tally, stubTally, measuredRequest, true);
        System.err.printf(Locale.ROOT, "  burst run %d, all bursts so far: %s; through the stub: %s; its settling runs: %s%n", run, tally.summary(),
                stubTally.summary(), settle.summary());
    }

    /**
     * One run of the measured sequence: the targeted burst and lone calls into the full queue (counted into
     * {@code into}), the ServerLive burst, and the stub's burst from the same state (into {@code stubInto}), first
     * when {@code order} is even and last when it is odd. Only a {@code measured} run keeps the ServerLive burst's
     * time and collects the load generator's garbage before each burst.
     */
    private void sequence(int order, BurstTally into, BurstTally stubInto, ModelInferRequest request, boolean measured) throws InterruptedException {
        // Neither way is always first: the first burst of a run follows whatever ran before it.
        if (order % 2 == 0) {
            stubBurst(stubInto, request, measured);
        }
        collectBeforeMeasuredBurst(measured);
        CountDownLatch answered = send(into, ClientApi.CALL, request);
        awaitRejections(answered);
        // The queue is full and the slot busy for a while yet: calls sent one at a time now show what
        // one rejection costs, apart from the burst's own cost of handling 80 calls on the same cores.
        sendLoneCalls(into, request);
        // The slot still generates: the same burst of calls that need no model shows what gRPC alone costs here.
        long bareSlowest = bareBurst();
        if (measured) {
            bareBurstSlowestNanos.add(bareSlowest);
        }
        awaitAnswers(answered, into);
        if (order % 2 == 1) {
            stubBurst(stubInto, request, measured);
        }
    }

    /**
     * The load generator's own young collections (5-25 ms pauses in this JVM in earlier tries) must not land in
     * a measured burst: perf_analyzer has none. The server gets no such help.
     */
    private static void collectBeforeMeasuredBurst(boolean measured) {
        if (measured) {
            System.gc();
        }
    }

    /** The same burst through the asynchronous stub, from the same state (queue drained, slot idle); returns when all are answered. */
    private void stubBurst(BurstTally into, ModelInferRequest request, boolean measured) throws InterruptedException {
        collectBeforeMeasuredBurst(measured);
        awaitAnswers(send(into, ClientApi.STUB, request), into);
    }

    /** Milliseconds per burst; "none" for a burst that had no rejection at all (its slowest stays 0). */
    private static String millisList(long[] nanos) {
        return Arrays.stream(nanos).mapToObj(n -> n == 0 ? "none" : String.format(Locale.ROOT, "%.2f", n / 1e6)).collect(Collectors.joining(", "));
    }

    private static ModelInferRequest generationRequest(int tokens) {
        return InferenceClient.generationRequest(BenchModels.BURST, "Write the longest SQL query you can.", tokens);
    }

    /** Every call ends by its deadline at the latest; the margin covers the client's own bookkeeping. */
    private static void awaitAnswers(CountDownLatch answered, BurstTally into) throws InterruptedException {
        if (!answered.await(DEADLINE_SECONDS + 10, TimeUnit.SECONDS)) {
            into.unanswered((int) answered.getCount());
        }
    }

    /** How the calls of a burst are started: what each call's ending costs the client differs. */
    private enum ClientApi {
        /**
         * grpc-java's call API ({@link ClientCall.Listener#onClose}): the status arrives as a value,
         * as perf_analyzer's C++ client gets it. Bursts measured against the target use it.
         */
        CALL,
        /**
         * The asynchronous stub, as most Java code calls gRPC: it turns every non-OK status into a
         * StatusRuntimeException with a filled stack trace on the transport thread. Reference only.
         */
        STUB
    }

    /** Starts {@value #SENT} calls back to back; the latch counts their answers. */
    private CountDownLatch send(BurstTally into, ClientApi api, ModelInferRequest request) {
        CountDownLatch answered = new CountDownLatch(SENT);
        into.startBurst(SENT);
        // One deadline for the whole burst, set before it starts: the calls go out back to back.
        Deadline deadline = Deadline.after(DEADLINE_SECONDS, TimeUnit.SECONDS);
        CallEnding ending = (status, nanos) -> into.record(status.getCode(), nanos);
        if (api == ClientApi.CALL) {
            CallOptions options = CallOptions.DEFAULT.withDeadline(deadline);
            for (int i = 0; i < SENT; i++) {
                startCall(request, options, answered, ending);
            }
        } else {
            var stub = context.client().async().withDeadline(deadline);
            for (int i = 0; i < SENT; i++) {
                stub.modelInfer(request, timed(answered, ending));
            }
        }
        return answered;
    }

    /** One unary ModelInfer call through grpc-java's call API, as the asynchronous stub starts it. */
    private void startCall(ModelInferRequest request, CallOptions options, CountDownLatch answered, CallEnding ending) {
        long sent = System.nanoTime();    // before newCall, as timed() is made before the stub's call
        ClientCall<ModelInferRequest, ModelInferResponse> call = context.client().async().getChannel()
                .newCall(GRPCInferenceServiceGrpc.getModelInferMethod(), options);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                ending.ended(status, System.nanoTime() - sent);
                answered.countDown();
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(request);
        call.halfClose();
    }

    /** Until at most queue + slot calls are unanswered: the rejections are back (or 5 s passed). */
    private static void awaitRejections(CountDownLatch answered) throws InterruptedException {
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (answered.getCount() > BenchModels.BURST_QUEUE + 1 && System.nanoTime() < waitUntil) {
            Thread.sleep(1);
        }
    }

    /**
     * {@value #SENT} ServerLive calls started at once like the burst (no model, no queue behind them):
     * the slowest answer shows what gRPC alone costs such a burst on this machine. Returns it.
     */
    private long bareBurst() throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(SENT);
        AtomicLong slowest = new AtomicLong();
        AtomicReference<Status> firstFailure = new AtomicReference<>();
        var stub = context.client().async().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
        for (int i = 0; i < SENT; i++) {
            stub.serverLive(ServerLiveRequest.getDefaultInstance(), timed(answered, (status, nanos) -> {
                if (!status.isOk()) {
                    firstFailure.compareAndSet(null, status);
                }
                slowest.accumulateAndGet(nanos, Math::max);
            }));
        }
        if (!answered.await(DEADLINE_SECONDS + 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(answered.getCount() + " ServerLive calls of the reference burst were not answered");
        }
        if (firstFailure.get() != null) {
            // A reference that failed measures nothing: the run stops here rather than print it.
            throw new IllegalStateException("a ServerLive call of the reference burst failed: " + firstFailure.get());
        }
        return slowest.get();
    }

    /** What to do with a call's ending: its status (OK when it completed) and its time from now. */
    private interface CallEnding {
        void ended(Status status, long nanos);
    }

    /** An observer for one call started now: on its ending it tells {@code ending}, then counts down {@code answered}. */
    private static <T> StreamObserver<T> timed(CountDownLatch answered, CallEnding ending) {
        long sent = System.nanoTime();
        return new StreamObserver<>() {
            @Override
            public void onNext(T response) {
                // the answer counts when the call completes
            }

            @Override
            public void onError(Throwable failure) {
                ending.ended(Status.fromThrowable(failure), System.nanoTime() - sent);
                answered.countDown();
            }

            @Override
            public void onCompleted() {
                ending.ended(Status.OK, System.nanoTime() - sent);
                answered.countDown();
            }
        };
    }

    private void sendLoneCalls(BurstTally into, ModelInferRequest request) {
        for (int i = 0; i < LONE_CALLS; i++) {
            long start = System.nanoTime();
            Status.Code code;
            try {
                context.client().blocking().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).modelInfer(request);
                code = Status.Code.OK;
            } catch (io.grpc.StatusRuntimeException e) {
                code = e.getStatus().getCode();
            }
            into.recordLone(code, System.nanoTime() - start);
        }
    }

    @Override
    public Section report(Path out) {
        Percentiles rejections = new Percentiles(tally.rejectionNanos());
        Percentiles lone = new Percentiles(tally.loneRejectionNanos());
        Percentiles bare = new Percentiles(bareBurstSlowestNanos.stream().mapToLong(Long::longValue).toArray());
        Percentiles stubSlowest = new Percentiles(stubTally.slowestRejectionPerBurst());
        long[] slowestPerBurst = tally.slowestRejectionPerBurst();
        String text = String.format(Locale.ROOT, """
                ### %s

                Model `%s`: tiny random model, 1 slot, max_queue_size %d; each request asks for %d tokens (ignore_eos), so the slot
                stays busy for the whole burst. %d unary ModelInfer calls are started at once through grpc-java's call API (ClientCall,
                the status arrives as a value, as perf_analyzer gets it) on one channel, all with one deadline %d s after the burst starts;
                times are measured per call from its start at the client. Counts over %d measured burst(s) after %d warm-up bursts and %d
                warm-up runs of the whole measured sequence (answers of %d tokens); before each measured run %d more runs of it, not
                counted, and before each measured burst a collection in the load generator's JVM (perf_analyzer has no collector). In
                earlier tries without the warm-up runs, both JVMs kept compiling this sequence's paths with C2 over its first ~180 runs,
                and most bursts slower than 3.5 ms had a compilation or a young-collection pause of one JVM inside them.

                | sent | answered OK | rejected RESOURCE_EXHAUSTED | other errors | hung (deadline) | rejection p50 ms | p99 ms | max ms | slowest answer ms |
                |---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | %d | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.0f |

                Slowest rejection of each measured burst, in run order: %s ms.

                One rejection alone: after each burst, while the queue is still full, %d calls are sent one after another;
                %d were rejected in p50 %.2f ms, max %.2f ms (%d were admitted). The burst's rejections take longer because
                client and server handle all 80 calls on the same 2 cores before the last of them is answered.

                gRPC alone: after each burst, while the slot still generates, %d ServerLive calls (no model, no queue) are started
                at once (through the stub: they all succeed, so it makes no exception); their slowest answer took p50 %.2f ms, max %.2f ms over the bursts (slowest rejection of the
                same bursts: p50 %.2f ms). A rejection does this much gRPC work plus the admission check.

                Through grpc-java's asynchronous stub: in every run the same burst again from the stub, from the same state (queue
                drained, slot idle; before the burst above in even runs, after it in odd ones). The stub makes a StatusRuntimeException
                with a filled stack trace of each rejection on the client's transport thread: slowest rejection p50 %.2f ms, max %.2f ms
                over %d bursts (rejection p50 %.2f ms; %s).
                """, title(), BenchModels.BURST, BenchModels.BURST_QUEUE, SLOW_TOKENS, SENT, DEADLINE_SECONDS, tally.bursts(), warmupBursts(),
                context.unlessQuick(WARMUP_SEQUENCES), WARMUP_TOKENS, context.unlessQuick(SETTLE_SEQUENCES),
                tally.sent(), tally.ok(), tally.rejected(), tally.otherErrors(), tally.hung(), rejections.millis(50), rejections.millis(99),
                rejections.millis(100), tally.slowestAnswerMillis(), millisList(slowestPerBurst),
                LONE_CALLS * tally.bursts(), tally.loneRejectionNanos().length, lone.millis(50), lone.millis(100), tally.loneAdmitted(),
                SENT, bare.millis(50), bare.millis(100), new Percentiles(slowestPerBurst).millis(50),
                stubSlowest.millis(50), stubSlowest.millis(100), stubTally.bursts(), new Percentiles(stubTally.rejectionNanos()).millis(50),
                stubTally.summary());
        List<Target> targets = new ArrayList<>();
        targets.add(Target.below("burst", "slowest RESOURCE_EXHAUSTED rejection", rejections.millis(100), 5, " ms"));
        targets.add(Target.atMost("burst", "requests lost, hung or failed otherwise (sent - answered - rejected)",
                tally.sent() - tally.ok() - tally.rejected(), 0, ""));
        // Not a target of the issue but its precondition: the burst really overflowed the queue.
        targets.add(Target.atLeast("burst", "share of the excess over queue + slot that was rejected", 100.0 * tally.rejected()
                / (tally.bursts() * (SENT - BenchModels.BURST_QUEUE - 1.0)), 90, "%"));
        return new Section(text, targets);
    }
}
