package dev.quire.inference.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps each call's gRPC {@link Context} (its deadline, its cancellation) current while the
 * service's methods run, so {@link GrpcCaller#current()} sees the call and not the root context.
 * grpc-java attaches it to the threads it calls us on, but Quarkus' duplicated-context interceptor
 * may hand a call's events to a Vert.x context later, where the attachment is gone. Registered on
 * {@link InferenceGrpcService} with the default priority, so it runs inside Quarkus' own interceptors.
 */
@ApplicationScoped
public class CallContextInterceptor implements ServerInterceptor {

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        // Called while grpc-java (or Quarkus, when it creates the listener) has the call's context attached.
        return Contexts.interceptCall(Context.current(), call, headers, next);
    }
}
