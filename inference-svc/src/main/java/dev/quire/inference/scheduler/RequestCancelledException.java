package dev.quire.inference.scheduler;

import dev.quire.common.QuireException;
import dev.quire.proto.events.Failure;

/** The client cancelled or went away; the boundary maps this to CANCELLED. */
public class RequestCancelledException extends QuireException {

    public RequestCancelledException(String message) {
        super(Failure.Code.CODE_UNSPECIFIED, message);
    }
}
