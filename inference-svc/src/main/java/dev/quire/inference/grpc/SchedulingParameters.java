package dev.quire.inference.grpc;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.scheduler.RequestSpec;
import dev.quire.proto.inference.ModelInferRequest;
import io.grpc.Deadline;

/**
 * Reads Triton's scheduling parameters {@code priority} and {@code timeout} (microseconds) and
 * Quire's {@code tenant} from a request, plus the time its gRPC client still waits. Absent values
 * mean "the model's default", never 0.
 */
final class SchedulingParameters {

    /** Request parameter naming whose request this is; tenants share a model's capacity fairly. */
    static final String TENANT = "tenant";
    static final int MAX_TENANT_LENGTH = 128;

    private SchedulingParameters() {
    }

    /**
     * @param clientDeadline the gRPC call's deadline; the time left is read now, just before the
     *                       request is queued, and bounds it queued and running
     */
    static RequestSpec spec(ModelInferRequest request, int size, Optional<Deadline> clientDeadline) {
        // Every request's parameters are read here first, whatever its model.
        MisspeltParameters.refuse(request.getParametersMap());
        InferParameterReader params = new InferParameterReader(request.getParametersMap());
        Optional<Integer> priority = params.integer(InferenceParameters.PRIORITY).map(p -> {
            if (p < 0 || p > Integer.MAX_VALUE) {
                throw new QuireException.InvalidRequest("parameter 'priority' must be 0 (the model's default) or a level >= 1, got " + p);
            }
            return p.intValue();
        });
        Optional<Duration> timeout = params.integer(InferenceParameters.TIMEOUT_MICROSECONDS).flatMap(us -> {
            if (us < 0 || us > QueuePolicy.MAX_DURATION_MICROSECONDS) {
                throw new QuireException.InvalidRequest("parameter 'timeout' must be microseconds 0.." + QueuePolicy.MAX_DURATION_MICROSECONDS
                        + " (0: the model's default), got " + us);
            }
            // Triton: 0 means "no timeout of its own"; that is the absent case here.
            return us == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(us * 1000L));
        });
        String tenant = params.string(TENANT).map(String::strip).filter(t -> !t.isEmpty()).orElse(RequestSpec.DEFAULT_TENANT);
        if (tenant.length() > MAX_TENANT_LENGTH) {
            throw new QuireException.InvalidRequest("parameter 'tenant' is " + tenant.length() + " characters long; at most " + MAX_TENANT_LENGTH + " are allowed");
        }
        Optional<Duration> timeLeft = clientDeadline.map(d -> Duration.ofNanos(d.timeRemaining(TimeUnit.NANOSECONDS)));
        return new RequestSpec(request.getId(), tenant, priority, timeout, size, timeLeft);
    }
}
