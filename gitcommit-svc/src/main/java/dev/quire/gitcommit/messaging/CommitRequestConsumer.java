package dev.quire.gitcommit.messaging;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

import dev.quire.common.QuireException;
import dev.quire.common.messaging.DomainRequestProcessor;
import dev.quire.common.messaging.Envelopes;
import dev.quire.gitcommit.CommitMessageService;
import dev.quire.proto.events.Envelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Answers commit requests from Kafka; the shared processor owns decoding, deadlines, replies and acks. */
@ApplicationScoped
public class CommitRequestConsumer {

    private final CommitMessageService service;
    private final DomainRequestProcessor processor;
    private final Clock clock = Clock.systemUTC();

    public CommitRequestConsumer(CommitMessageService service, @Channel("replies") Emitter<byte[]> replies) {
        this.service = service;
        this.processor = new DomainRequestProcessor(replies, clock);
    }

    @Incoming("commit-requests")
    @Blocking(ordered = false)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onRequest(Message<byte[]> request) {
        return processor.process(request, this::answer);
    }

    private Envelope.Builder answer(Envelope request) {
        if (!request.hasCommitRequest()) {
            throw new QuireException.InvalidRequest("expected a commit_request body on this topic, got " + request.getBodyCase());
        }
        var reply = service.describe(request.getCommitRequest(), service.deadlineFor(request.getDeadlineEpochMs(), clock.instant()));
        return Envelopes.replyTo(request).setCommitReply(reply);
    }
}
