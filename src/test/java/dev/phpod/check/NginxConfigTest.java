package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** The nginx reading the checks rely on: location choice, upstreams, comments and quotes. */
class NginxConfigTest {
    static final NginxConfig CONF = NginxConfig.parse(List.of("""
            worker_processes 4; # four
            http {
                upstream "app" { server unix:/run/php.sock; keepalive 4; }
                server {
                    listen 8080;
                    location / { try_files $uri @front; }
                    location @front { fastcgi_pass app; }
                    location ^~ /static/ { root /srv; }
                    location ~* \\.(css|js)$ { expires 1d; }
                    location ~ \\.php$ { fastcgi_pass app; }
                    location = /ping { return 200 "pong;{}"; }
                    location /assets/ { try_files $uri =404; }
                }
            }
            """));

    @Test
    void picksLocationsAsNginxDoes() {
        assertEquals(Optional.of(true), CONF.reachesPhp("/", 8080), "prefix / falls back to a named location that passes to PHP");
        assertEquals(Optional.of(false), CONF.reachesPhp("/ping", 8080), "exact match first");
        assertEquals(Optional.of(false), CONF.reachesPhp("/static/x.php", 8080), "^~ stops the regular expressions");
        assertEquals(Optional.of(true), CONF.reachesPhp("/assets/x.php", 8080), "a regular expression wins over a plain prefix");
        assertEquals(Optional.of(false), CONF.reachesPhp("/assets/app.CSS", 8080), "~* ignores case, first match wins");
        assertEquals(Optional.empty(), CONF.reachesPhp("/", 9999), "no server on that port");
    }

    @Test
    void readsUpstreamsWorkersAndRoots() {
        assertEquals(OptionalInt.of(4), CONF.workerProcesses());
        assertEquals(List.of("unix:/run/php.sock"), CONF.fastcgiAddresses());
        assertEquals(OptionalInt.of(4), CONF.fastcgiUpstreamKeepalive());
        assertEquals(List.of("/srv"), CONF.roots());
        assertEquals(OptionalInt.empty(), NginxConfig.parse(List.of("worker_processes auto;")).workerProcesses());
        assertEquals(OptionalInt.of(1), NginxConfig.parse(List.of("events {}")).workerProcesses(), "nginx's default");
    }
}
