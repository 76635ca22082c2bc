package dev.phpod.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** phpod.yaml as init writes it (a Qute template, hence Quarkus) reads back as the project it came from. */
@QuarkusTest
class DescriptorRoundTripTest {

    /** What init writes into phpod.yaml reads back as the same project, every new key included. */
    @Test
    void dataConfigAndRoutesSurviveTheDescriptorsRoundTrip() {
        Project p = Descriptor.parse("phpod.yaml", """
                phpod: "0.2.0"
                name: shop
                image: shop:1
                writablePaths:
                  - {name: uploads, path: public/uploads, persistent: true, size: 20Gi}
                  - {name: "123", path: data, persistent: true}
                  - {name: cache, path: var/cache, sizeLimit: 1Gi}
                envFrom: [{secret: shop-env}, {configMap: "10"}]
                environments:
                  - {name: prod, host: "*.shop.example.com", tls: shop-tls, storageClass: "1", existingClaims: {uploads: prod-uploads, "123": "456"}, monitoring: true, autoscaling: busyWorkers}
                  - dev
                  - {name: qa, host: qa.example.com, gateway: {name: "1", namespace: gateways}, codeSource: image}
                  - {name: live, gateway: {name: edge}}
                """, "0.2.0-SNAPSHOT");
        assertEquals(java.util.List.of(new EnvFrom(true, "shop-env"), new EnvFrom(false, "10")), p.envFrom());
        assertEquals(new Environment.Gateway("1", "gateways"), p.environments().get(2).gateway());
        Environment prod = p.environments().get(0);
        assertEquals(java.util.Map.of("uploads", "prod-uploads", "123", "456"), prod.existingClaims());
        assertEquals("ReadWriteMany", p.claimAccessMode(prod));
        assertTrue(prod.monitoring() && !p.environments().get(1).monitoring(), "monitoring is on where asked, off by default");
        assertTrue(prod.autoscaling() && prod.busyWorkers() && !p.environments().get(1).busyWorkers(), "autoscaling: busyWorkers");
        assertTrue(p.environments().get(2).imageVolume() && !prod.imageVolume(), "codeSource: image");
        assertEquals("ReadWriteOnce", p.claimAccessMode(p.environments().get(1)));
        String written = dev.phpod.generate.ProjectGenerator.generate(p, null).text(Descriptor.FILE_NAME);
        assertEquals(p, Descriptor.parse("phpod.yaml", written, "0.2.0-SNAPSHOT"), written);
    }

    /** Processes, schedules and the release step read back the same; defaults are left out as the user left them. */
    @Test
    void commandsSurviveTheDescriptorsRoundTrip() {
        Project p = Descriptor.parse("phpod.yaml", """
                phpod: "0.2.0"
                name: shop
                image: shop:1
                processes:
                  - {name: queue, command: [php, artisan, queue:work, "--timeout=120", "a b", "it's \\"quoted\\""]}
                  - {name: consumer, command: [bin/console, messenger:consume, async], replicas: 0, stopSeconds: 300}
                schedules:
                  - {name: scheduler, schedule: "* * * * *", command: [php, artisan, schedule:run]}
                  - {name: cron, schedule: "@hourly", command: [drush, cron], deadlineSeconds: 120}
                release: {command: [drush, deploy], deadlineSeconds: 1200}
                environments: [dev]
                """, "0.2.0-SNAPSHOT");
        assertEquals(135, p.processes().get(0).stopSeconds(), "the command's --timeout, and 15 s to exit");
        assertEquals(300, p.processes().get(1).stopSeconds());
        assertEquals(0, p.processes().get(1).replicas());
        assertEquals(120, p.schedules().get(1).deadlineSeconds());
        String written = dev.phpod.generate.ProjectGenerator.generate(p, null).text(Descriptor.FILE_NAME);
        assertEquals(p, Descriptor.parse("phpod.yaml", written, "0.2.0-SNAPSHOT"), written);
        org.junit.jupiter.api.Assertions.assertFalse(written.contains("stopSeconds: 135"), "a derived grace period follows the command: " + written);
    }

    /** The bundled example is what init writes for the project it describes, comments and all. */
    @Test
    void theBundledExampleIsWhatInitWritesForIt() throws java.io.IOException {
        String example = java.nio.file.Files.readString(java.nio.file.Path.of("examples/shop/phpod.yaml"));
        Project p = Descriptor.parse("examples/shop/phpod.yaml", example, "0.1.0-SNAPSHOT");
        assertEquals(example, dev.phpod.generate.ProjectGenerator.generate(p, null).text(Descriptor.FILE_NAME));
    }
}
