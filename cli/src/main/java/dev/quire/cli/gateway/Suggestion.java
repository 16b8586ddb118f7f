package dev.quire.cli.gateway;

/**
 * One commit message the gateway suggested.
 *
 * @param title   first line
 * @param body    explanation, empty when there is none
 * @param message the text git stores: title, blank line, body
 */
public record Suggestion(String title, String body, String message) {
}
