package io.monitor.backtest;

/** A problem with the backtest's input that the user can fix; the message says what and where. */
public class BacktestException extends RuntimeException {
    public BacktestException(String message) {
        super(message);
    }
}
