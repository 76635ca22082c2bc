package dev.phpod.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A slow-header flood (slowloris): keeps {@code target} connections open to a port, each having
 * sent the start of a request and one more header line every few seconds, never the blank line
 * that ends the header. A connection the server closes is opened again, so the flood holds its size
 * for its whole duration. One thread, non-blocking sockets; bounded in count and time.
 */
final class SlowClients implements AutoCloseable {
    private static final byte[] START = "GET / HTTP/1.1\r\nHost: flood.test\r\nUser-Agent: slow\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MORE = "X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII);

    private final int port;
    private final int target;
    private final long endNanos;
    private final Thread thread;
    private final Map<SocketChannel, Long> lastWrite = new HashMap<>();
    volatile int open;
    volatile int maxOpen;
    volatile long opened;
    volatile long closedByServer;
    volatile String error = "";

    private SlowClients(int port, int target, long seconds) {
        this.port = port;
        this.target = target;
        this.endNanos = System.nanoTime() + seconds * 1_000_000_000L;
        this.thread = new Thread(this::run, "slow-clients");
        this.thread.setDaemon(true);
    }

    static SlowClients start(int port, int target, long seconds) {
        SlowClients f = new SlowClients(port, target, seconds);
        f.thread.start();
        return f;
    }

    private void run() {
        try (Selector sel = Selector.open()) {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            int connecting = 0;
            while (System.nanoTime() < endNanos) {
                // Open up to a quarter of the target at a time (at least 200) until the target is held.
                while (lastWrite.size() + connecting < target && connecting < Math.max(200, target / 4)) {
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.connect(new InetSocketAddress("127.0.0.1", port));
                    ch.register(sel, SelectionKey.OP_CONNECT);
                    connecting++;
                }
                sel.select(100);
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel ch = (SocketChannel) k.channel();
                    try {
                        if (k.isConnectable()) {
                            connecting--;
                            ch.finishConnect();
                            ch.write(ByteBuffer.wrap(START));
                            lastWrite.put(ch, System.nanoTime());
                            opened++;
                            k.interestOps(SelectionKey.OP_READ);
                        } else if (k.isReadable()) {
                            sink.clear();
                            if (ch.read(sink) < 0) {
                                closedByServer++;
                                drop(k, ch);
                            }
                        }
                    } catch (IOException e) {
                        if (k.interestOps() == SelectionKey.OP_CONNECT) {
                            error = e.toString();
                        } else {
                            closedByServer++;
                        }
                        drop(k, ch);
                    }
                }
                long now = System.nanoTime();
                for (Iterator<Map.Entry<SocketChannel, Long>> e = lastWrite.entrySet().iterator(); e.hasNext();) {
                    Map.Entry<SocketChannel, Long> w = e.next();
                    if (now - w.getValue() > 3_000_000_000L) {
                        try {
                            w.getKey().write(ByteBuffer.wrap(MORE));
                            w.setValue(now);
                        } catch (IOException ex) {
                            closedByServer++;
                            e.remove();
                            close(w.getKey());
                        }
                    }
                }
                open = lastWrite.size();
                maxOpen = Math.max(maxOpen, open);
            }
            for (SocketChannel ch : lastWrite.keySet()) {
                close(ch);
            }
            lastWrite.clear();
            for (SelectionKey k : sel.keys()) {
                close((SocketChannel) k.channel());
            }
        } catch (IOException e) {
            error = e.toString();
        }
        open = 0;
    }

    private void drop(SelectionKey k, SocketChannel ch) {
        k.cancel();
        lastWrite.remove(ch);
        close(ch);
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing a dead connection
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.join(Math.max(0, (endNanos - System.nanoTime()) / 1_000_000) + 10_000);
    }

    @Override
    public String toString() {
        return "held up to " + maxOpen + " slow connections (" + opened + " opened, " + closedByServer + " closed by the server)"
                + (error.isEmpty() ? "" : ", last connect error " + error);
    }
}
