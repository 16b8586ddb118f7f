package dev.quire.cli.gateway;

/** The gateway could not be reached or refused the request; the message says which and why. */
public class GatewayException extends Exception {

    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
