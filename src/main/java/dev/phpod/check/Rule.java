package dev.phpod.check;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry of {@code phpod check}: every rule once, with everything a reader is told about it.
 * {@code --help}, {@code --explain}, the README's rule sections ({@link RuleDocs}, held equal by
 * RuleDocsTest), SARIF's {@code rules} and the corpus test (a folder per id) all read it. The ids
 * are stable: CI configurations, {@code --include}/{@code --exclude}, {@code phpod.dev/ignore} and
 * SARIF results name them. Adding a rule: a constant here, its check in {@link Checks} or
 * {@link AppChecks}, a corpus folder with a firing and a silent case, then refresh the README.
 * <p>
 * Levels: {@link Level#ERROR} for what breaks an nginx + php-fpm app (404s, lost data, jobs or
 * migrations run twice, pods restarted for being busy); {@link Level#WARNING} for generic hardening
 * and for designs that work when done with care (a split pod with the code baked into both images,
 * keepalive sized to the pool, a probe on a neighbour's port).
 */
public enum Rule {
    EMPTY_CODE_VOLUME("empty-code-volume", Level.ERROR, "The code volume starts empty and nothing fills it",
            """
            An `emptyDir` holds the code nginx serves (the volume under its `root`, or, without its
            configuration, the one mounted at a code path by nginx or by nginx and php-fpm alike) and no init
            container writes into it. A Kubernetes `emptyDir` starts empty, unlike a Docker volume: nginx serves
            404 and php-fpm answers "File not found.".""",
            """
            Add an init container from the app image that copies the code into the volume before nginx and
            php-fpm start (`phpod init` generates it), or mount nothing over the code.""",
            new Example("yaml", """
                    # before: nothing fills the volume
                    containers:
                      - name: nginx
                        volumeMounts: [{name: code, mountPath: /var/www/html}]
                    volumes:
                      - {name: code, emptyDir: {}}
                    # after: an init container from php-fpm's image copies the code in first
                    initContainers:
                      - name: copy-code
                        image: registry.example.com/shop:1.4.2
                        command: [sh, -c, "cp -a /var/www/html/. /copy/ && touch /copy/.copy-complete"]
                        volumeMounts: [{name: code, mountPath: /copy}]""")),
    SPLIT_NGINX_PHP_FPM("split-nginx-php-fpm", Level.WARNING, "nginx and php-fpm run in different workloads",
            """
            nginx runs in one workload and php-fpm in another. Found by the wiring, whatever the containers are
            called: nginx's `fastcgi_pass` (or an upstream in its environment: `FPM_HOST`, `PHP_FPM_HOST`,
            `UPSTREAM`, `FASTCGI_PASS` …, written or read from a ConfigMap of the input) names a Service of
            the input that reaches a container's port (9000, or the named port) in another workload, which is
            then php-fpm; or the two share a claim; or, when
            the other end is not in the input, nginx passes FastCGI out of its pod and one php-fpm workload of
            the namespace (the only one, or the only one a Service publishes FastCGI of, when nginx's pod
            has no app container of its own, its configuration is not a ConfigMap missing from the input,
            and it is not nginx's own published image with nothing mounted into its configuration, whose
            default server passes no FastCGI) can answer. A
            container is nginx by its name or image, by such an upstream, or by an nginx configuration it
            mounts; one that runs nginx and php-fpm together is never paired. Both need the same code at the same path (a ReadWriteMany claim
            and a deploy step to fill it, or two images that drift), they scale and roll out apart, and every
            PHP request crosses the network. A warning: it works when both images carry the same release.""",
            """
            Run nginx and php-fpm as two containers of one pod, FastCGI over a unix socket in a shared
            `emptyDir`, the code copied by an init container: what `phpod init` generates.""",
            new Example("yaml", """
                    # before: two Deployments, nginx passes FastCGI to a Service
                    #   fastcgi_pass php-fpm.shop.svc:9000;
                    # after: one pod, one socket
                    containers:
                      - {name: nginx, volumeMounts: [{name: php-socket, mountPath: /run/php}]}
                      - {name: php-fpm, volumeMounts: [{name: php-socket, mountPath: /run/php}]}
                    volumes:
                      - {name: php-socket, emptyDir: {}}
                    #   fastcgi_pass unix:/run/php/php-fpm.sock;""")),
    FASTCGI_TO_ANOTHER_POD("fastcgi-to-another-pod", Level.WARNING, "nginx passes FastCGI to another pod",
            """
            nginx's `fastcgi_pass` (directly or through an `upstream`) names an address outside the pod, such
            as a Service (`php-fpm.shop.svc:9000`), or, with its configuration baked into its image, its
            environment does (`FPM_HOST=php-fpm:9000`; loopback and unix sockets are the pod's own). php-fpm there needs the same code at the same path, and
            every request pays a network hop to a pool nginx cannot see. Reported when the address leads to
            no workload of the input (otherwise `split-nginx-php-fpm` says it).""",
            """
            Run php-fpm in nginx's pod and pass FastCGI to a unix socket in a shared `emptyDir` (or
            `127.0.0.1:9000`).""",
            new Example("nginx", """
                    # before
                    fastcgi_pass php-fpm.shop.svc:9000;
                    # after: php-fpm in the same pod
                    fastcgi_pass unix:/run/php/php-fpm.sock;""")),
    COPY_SHADOWS_SOURCE("copy-shadows-source", Level.ERROR, "The copy step mounts the volume over the code it copies",
            """
            The init container mounts the code volume at the path it copies from (`cp`, `rsync`, `tar -C`,
            with `$VARIABLES` from its `env`): the empty volume hides the image's files there, the copy reads
            the volume itself, and the code never arrives.""",
            """
            Mount the volume at another path in the init container (e.g. `/copy`) and copy into it.""",
            new Example("yaml", """
                    # before: the volume hides /var/www/html, so the copy reads the empty volume
                    volumeMounts: [{name: code, mountPath: /var/www/html}]
                    command: [sh, -c, "cp -a /var/www/html/. /var/www/html/"]
                    # after
                    volumeMounts: [{name: code, mountPath: /copy}]
                    command: [sh, -c, "cp -a /var/www/html/. /copy/"]""")),
    COPY_IMAGE_MISMATCH("copy-image-mismatch", Level.ERROR, "The code is copied from another image than the one php-fpm runs",
            """
            The init container that fills the code volume runs another image (or tag) than php-fpm; `php:8.3`
            and `docker.io/library/php:8.3` are the same. A release that bumps one tag and not the other serves
            code against the wrong PHP version, extensions and vendor folder.""",
            """
            Run the copy step from the same image and tag as php-fpm, so one tag is the release.""",
            new Example("yaml", """
                    initContainers:
                      - {name: copy-code, image: registry.example.com/shop:1.4.2}   # before: shop:1.4.1
                    containers:
                      - {name: php-fpm, image: registry.example.com/shop:1.4.2}""")),
    COPY_IN_RUNNING_CONTAINER("copy-in-running-container", Level.ERROR, "The code is copied while the pod already serves",
            """
            No init container fills the code volume; a running container does, in its `postStart` hook (a copy
            or an `ln -s`), in its command, or through its image's entrypoint (the `fpm` variants of the
            official `wordpress`, `nextcloud`, `joomla`, `matomo` and `friendica` images, and images built on
            them that name the app, such as `inveniem/nextcloud-fpm`, copy the app into `/var/www/html` as
            they start). Containers start together, so nginx serves 404s or half a tree until the copy ends, and
            again after each restart.""",
            """
            Move the copy into an init container, which completes before any container starts, and make
            nginx's readiness wait for a marker the copy writes last.""",
            new Example("yaml", """
                    # before
                    containers:
                      - name: php-fpm
                        lifecycle: {postStart: {exec: {command: [sh, -c, "cp -a /app/. /var/www/html/"]}}}
                    # after
                    initContainers:
                      - name: copy-code
                        command: [sh, -c, "cp -a /app/. /copy/ && touch /copy/.copy-complete"]
                        volumeMounts: [{name: code, mountPath: /copy}]""")),
    COPY_WITHOUT_MARKER("copy-without-marker", Level.ERROR, "An interrupted copy passes for a complete one",
            """
            The init container decides whether to copy by looking at what the volume holds (`[ -f index.php ]`,
            `ls -A`, `cp -n`, `rsync --ignore-existing`) and nothing in its script names a completion marker. A
            copy interrupted half-way (an OOM kill, an eviction; the `emptyDir` survives container restarts)
            leaves files that pass the test, and the pod serves a partial tree for its whole life.""",
            """
            Copy into a staging folder, move it into place, write a marker last, and test the marker, not the
            files (phpod's copy step does this).""",
            new Example("sh", """
                    [ -f /copy/.copy-complete ] && exit 0
                    rm -rf /copy/.staging && mkdir /copy/.staging && cp -a /var/www/html/. /copy/.staging/
                    mv /copy/.staging/* /copy/ && touch /copy/.copy-complete""")),
    LIVENESS_THROUGH_PHP_WORKERS("liveness-through-php-workers", Level.ERROR, "The liveness probe waits for a free php-fpm worker",
            """
            A liveness probe waits for a free worker of the pool that serves the app: an `httpGet` that nginx
            hands to PHP (`/`, `*.php`, `/ping`, `/status`, judged by nginx's own location rules when its
            configuration is in the input), or an exec probe (`cgi-fcgi`, `php-fpm-healthcheck`, a script)
            aimed at the address nginx passes requests to. Under load every worker is busy, the probe times
            out, and the kubelet restarts a pod that was only busy, dropping every request in flight.""",
            """
            Make liveness independent of the app pool: `tcpSocket` on nginx's port, or a FastCGI ping on a
            separate pool of one worker that serves no traffic, as phpod's probe pool does; keep app checks for
            readiness.""",
            new Example("ini", """
                    [probe]                                  ; in php-fpm's configuration, beside the app pool
                    listen = /run/php/probe.sock
                    pm = static
                    pm.max_children = 1
                    ping.path = /ping""")),
    PROBE_ON_OTHER_CONTAINER_PORT("probe-on-other-container-port", Level.WARNING, "A probe checks another container's port",
            """
            A probe of one container targets a port (by number or name) that another container of the pod
            declares, typically php-fpm probed through nginx's port. It says nothing of the probed container's
            own state, and a failing nginx restarts or unreadies php-fpm instead (kube-linter's
            `liveness-port`/`readiness-port` checks say the same).""",
            """
            Probe a port of the container itself, or use an exec probe that checks it (for php-fpm, a FastCGI
            ping on its own socket).""",
            new Example("yaml", """
                    - name: php-fpm
                      # before: readinessProbe: {tcpSocket: {port: 8080}}   (nginx's port)
                      readinessProbe:
                        exec: {command: [cgi-fcgi, -bind, -connect, /run/php/probe.sock]}""")),
    FASTCGI_KEEPALIVE_PINS_WORKERS("fastcgi-keepalive-pins-workers", Level.WARNING, "Kept-alive FastCGI connections can hold every php-fpm worker",
            """
            nginx keeps FastCGI connections open (`fastcgi_keep_conn on` with `keepalive K` in the upstream)
            and `worker_processes x K` idle connections can hold half of php-fpm's pool or more. A php-fpm
            worker serves one connection at a time and stays on it until nginx closes it, so requests queue
            behind connections that do nothing: with 4 of 6 workers held, a heavier page's p99 went to 0.98 s
            (`bench/RESULTS.md`). `worker_processes auto` counts as at least 2 (nginx starts one per CPU of the
            node).""",
            """
            Turn `fastcgi_keep_conn` off (a unix socket costs little to reconnect), or keep
            `worker_processes x keepalive` below half of `pm.max_children`; phpod's chart sizes it that way
            (`nginx.fastcgi.keepConn`).""",
            new Example("nginx", """
                    upstream php { server unix:/run/php/php-fpm.sock; keepalive 2; }
                    fastcgi_keep_conn off;    # or: worker_processes 2, keepalive 2, pm.max_children >= 9""")),
    POOL_EXCEEDS_MEMORY_LIMIT("pool-exceeds-memory-limit", Level.WARNING, "php-fpm's pool can pass its container's memory limit",
            """
            Every worker of php-fpm's pool may allocate up to `memory_limit` (php.ini, the pool's
            `php_admin_value`, or `PHP_MEMORY_LIMIT` in its environment; PHP's default is 128M), and opcache's
            shared memory and the master come on top: `pm.max_children x memory_limit +
            opcache.memory_consumption + 32Mi` passes the container's memory limit. When enough workers
            peak at once the kernel kills php-fpm and every request in flight fails; `memory_limit = -1`
            lets one request do it. Pools whose workers run no PHP script (a probe pool) count in the 32Mi;
            opcache counts when php.ini in the input sets its size. Without the pool's configuration in the
            input, the php images' default pool (5 workers) is assumed for php's own images only.""",
            """
            Fit the pool in the limit: lower `pm.max_children` or `memory_limit`, or raise the limit. phpod's
            chart refuses a pool that does not fit and sizes it from the limit with `php.fpm.maxChildren:
            auto`; where workers really use far less than `memory_limit`, a smaller per-worker budget
            (`php.fpm.workerMemory`) fits more of them, a bet this check still reports.""",
            new Example("yaml", """
                    # 6 workers x memory_limit 128M + opcache 128M + 32Mi = 928Mi
                    resources:
                      limits: {memory: 1Gi}""")),
    POD_SECURITY_RESTRICTED("pod-security-restricted", Level.WARNING, "The pod does not meet the Pod Security restricted profile",
            """
            A container or the pod breaks the Pod Security `restricted` profile, which phpod's pod meets:
            `runAsNonRoot: true`, no `runAsUser: 0`, `allowPrivilegeEscalation: false`, `capabilities.drop:
            [ALL]` (adding only `NET_BIND_SERVICE`), `seccompProfile: RuntimeDefault` (or `Localhost`), no
            privileged containers, host namespaces, host ports or `hostPath` (and other node) volumes. A
            namespace that enforces the profile refuses the pod. One finding per workload, naming each container
            and what it breaks (init containers included: admission checks them too).""",
            """
            Set the fields below on the pod and on each container. nginx then needs a port above 1023 (8080, or
            an unprivileged nginx image); php-fpm runs as its image's user (`www-data`), and its pool's `user`
            and `group` lines no longer apply.""",
            new Example("yaml", """
                    securityContext:                          # the pod
                      runAsNonRoot: true
                      seccompProfile: {type: RuntimeDefault}
                    securityContext:                          # each container
                      allowPrivilegeEscalation: false
                      readOnlyRootFilesystem: true
                      capabilities: {drop: [ALL]}""")),
    WRITABLE_ROOT_FILESYSTEM("writable-root-filesystem", Level.WARNING, "The container can write its root filesystem",
            """
            A container of an nginx or php-fpm pod can write its root filesystem: a PHP script (or an upload
            that becomes one) can change the code php-fpm runs, and what a container writes there is lost with
            it. One finding per workload, naming the containers; init containers are not reported (they run
            once, before the app serves).""",
            """
            Set `readOnlyRootFilesystem: true` and mount an `emptyDir` where each container must write: nginx at
            `/var/cache/nginx` and `/var/run` (or `/tmp`, its pid and temporary files), php-fpm at `/tmp` and
            its socket folder (and its sessions folder when sessions are files).""",
            new Example("yaml", """
                    - name: nginx
                      securityContext: {readOnlyRootFilesystem: true}
                      volumeMounts: [{name: nginx-cache, mountPath: /var/cache/nginx}, {name: tmp, mountPath: /var/run}]
                    - name: php-fpm
                      securityContext: {readOnlyRootFilesystem: true}
                      volumeMounts: [{name: tmp, mountPath: /tmp}, {name: php-socket, mountPath: /run/php}]""")),
    MIGRATION_PER_POD("migration-per-pod", Level.ERROR, "Every pod runs the database migration as it starts",
            """
            A workload that runs more than one pod (its `replicas`, a HorizontalPodAutoscaler or KEDA
            ScaledObject of the input, a DaemonSet) runs the database migration as each pod starts, in an init
            container, in its command (`php artisan migrate --force && php-fpm`) or in a `postStart` hook. Every new pod of a rollout
            migrates at once (concurrent migrations lock or fail half-way), a scale-up migrates again, and the
            old pods serve while the schema changes under them. Recognized: `artisan migrate`,
            `doctrine:migrations:migrate`, `doctrine:schema:update`, `drush deploy`/`updb`/`cim`,
            `setup:upgrade`, `wp core update-db`, `yii migrate`, `migrations migrate` (CakePHP), `craft up`,
            `phinx migrate`.""",
            """
            Run the migration once per release, before the new pods start: a Job as a Helm
            `pre-install,pre-upgrade` hook, or a Job applied before the rollout; phpod's `release:` is both.""",
            new Example("yaml", """
                    # before, in the web Deployment: command: [sh, -c, "php artisan migrate --force && php-fpm"]
                    # after: a Job, once per release
                    apiVersion: batch/v1
                    kind: Job
                    metadata:
                      name: shop-release
                      annotations: {helm.sh/hook: "pre-install,pre-upgrade"}
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers: [{name: release, image: registry.example.com/shop:1.4.2, command: [php, artisan, migrate, --force]}]""")),
    SCHEDULER_IN_WEB_POD("scheduler-in-web-pod", Level.ERROR, "The scheduler runs inside the web pod",
            """
            A container of the web pod (nginx or php-fpm's pod) runs the scheduler, in its command or
            started from its `postStart` hook: `schedule:work` or `schedule:run`, cron (`cron`, `crond`,
            the nextcloud image's `/cron.sh`, `supercronic`, `go-crond`), `cron:run`, `drush cron`,
            `wp cron event run`, `wp-cron.php`, Symfony's `messenger:consume scheduler_*`. Each replica runs
            every task, old and new pods both run them during a rollout, and a rollout kills a task mid-run.""",
            """
            Run each schedule as a CronJob with `concurrencyPolicy: Forbid` (phpod's `schedules:`), or a looping
            scheduler as its own Deployment of one replica.""",
            new Example("yaml", """
                    apiVersion: batch/v1
                    kind: CronJob
                    metadata: {name: shop-schedule}
                    spec:
                      schedule: "* * * * *"
                      concurrencyPolicy: Forbid
                      jobTemplate: {spec: {template: {spec: {restartPolicy: Never,
                        containers: [{name: schedule, image: registry.example.com/shop:1.4.2, command: [php, artisan, schedule:run]}]}}}}""")),
    DATA_ON_EMPTYDIR("data-on-emptydir", Level.ERROR, "Uploaded files are kept on a per-pod emptyDir",
            """
            A workload that runs more than one pod writes uploads on an `emptyDir`: a folder named `uploads`,
            `media`, `files`, `images`, `attachments`, `documents`, `moodledata`, `filedir`, or Laravel's
            public disk (`storage/app`, `storage/app/public`, `public/storage`). A file uploaded through one pod
            is missing on the others, and all of them are lost at the next rollout. One pod alone is not
            reported (a preview environment may keep nothing).""",
            """
            Mount a PersistentVolumeClaim there, ReadWriteMany, shared by every pod (phpod: `persistent: true`
            on the writable path), or keep uploads in object storage.""",
            new Example("yaml", """
                    volumes:
                      # before: - {name: uploads, emptyDir: {}}
                      - {name: uploads, persistentVolumeClaim: {claimName: shop-uploads}}   # ReadWriteMany""")),
    WORKER_GRACE_SHORTER_THAN_JOB("worker-grace-shorter-than-job", Level.ERROR, "A queue worker is killed before its job's time limit",
            """
            A Laravel queue worker (`queue:work`, `queue:listen`) may run a job for its `--timeout` (60 s when
            not given), but the pod's `terminationGracePeriodSeconds` (30 s when not given) is not longer: on a
            rollout or scale-down the worker gets SIGTERM, finishes its job, and is killed mid-job first, so
            the job runs again or fails. `--timeout=0` (no limit) is reported too. (Symfony's
            `messenger:consume` and Horizon keep their limits elsewhere; they are not read.)""",
            """
            Set `terminationGracePeriodSeconds` above the job time limit, e.g. `--timeout` + 15 s, which phpod
            gives its `processes:`.""",
            new Example("yaml", """
                    spec:
                      terminationGracePeriodSeconds: 105
                      containers:
                        - {name: worker, command: [php, artisan, queue:work, --timeout=90]}""")),
    HPA_REMOVED_API("hpa-removed-api", Level.ERROR, "The autoscaler uses an API version Kubernetes removed",
            """
            A HorizontalPodAutoscaler of a PHP workload (nginx, php-fpm, or the app's PHP code) is written
            for `autoscaling/v2beta1` (removed in Kubernetes 1.25) or `autoscaling/v2beta2` (removed in
            1.26). The API server rejects it: the apply or the Helm release fails, or, if it went in before
            an upgrade, the workload stays at its `replicas` under load.""",
            """
            Write it for `autoscaling/v2`. From `v2beta2` only the `apiVersion` changes; from `v2beta1` the
            metrics change too: `targetAverageUtilization: N` becomes `target: {type: Utilization,
            averageUtilization: N}` (and `targetAverageValue` becomes `target: {type: AverageValue,
            averageValue: …}`).""",
            new Example("yaml", """
                    apiVersion: autoscaling/v2                 # before: autoscaling/v2beta1
                    kind: HorizontalPodAutoscaler
                    spec:
                      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: shop-web}
                      minReplicas: 2
                      maxReplicas: 10
                      metrics:
                        - type: Resource
                          resource:
                            name: cpu
                            # before: targetAverageUtilization: 70
                            target: {type: Utilization, averageUtilization: 70}""")),
    RWO_CLAIM_SHARED("rwo-claim-shared", Level.ERROR, "A ReadWriteOnce claim is mounted by more than one pod",
            """
            A PersistentVolumeClaim of the input allows only `ReadWriteOnce` (or `ReadWriteOncePod`) and is
            mounted by a workload that runs more than one pod (its `replicas`, an autoscaler of the input, a
            DaemonSet), or by two workloads. A ReadWriteOnce volume attaches to one node: a pod scheduled on
            another node waits in `ContainerCreating` (Multi-Attach error), so the extra replicas never start
            and a rollout hangs. A StatefulSet's `volumeClaimTemplates` give each pod its own claim: not
            reported; nor is one pod alone.""",
            """
            Use `ReadWriteMany` storage (NFS, CephFS, EFS, Azure Files …) for what several pods share, or keep
            the data out of the pods (object storage, a database); for a volume each pod may own, a
            StatefulSet's `volumeClaimTemplates`.""",
            new Example("yaml", """
                    apiVersion: v1
                    kind: PersistentVolumeClaim
                    metadata: {name: shop-uploads}
                    spec:
                      accessModes: [ReadWriteMany]      # before: [ReadWriteOnce], with replicas: 3
                      storageClassName: nfs-client
                      resources: {requests: {storage: 10Gi}}""")),
    FASTCGI_PORT_PUBLISHED("fastcgi-port-published", Level.ERROR, "A Service publishes php-fpm's FastCGI port to the whole cluster",
            """
            A Service of the input selects php-fpm's pods (its selector matches their labels, same namespace)
            and exposes php-fpm's FastCGI port: 9000, a container port named `fastcgi`/`fpm`, or the TCP port
            of a pool in php-fpm's configuration, not loopback (pool files merge as php-fpm reads them: a
            `[www]` that sets no `listen` keeps the images' `listen = 9000`). php-fpm is also the container
            nginx's FastCGI reaches, whatever it is called: through a Service, or in nginx's pod the one
            that declares the loopback port or shares the unix socket's volume. FastCGI has no authentication: any pod of the
            cluster can send php-fpm a request with `PHP_VALUE=auto_prepend_file=…` and run code, or read
            files. Silent when a NetworkPolicy of the namespace selects those pods and restricts their
            ingress. A split design (nginx in another Deployment) needs such a Service: it is reported all the
            same, and the fix is the policy.""",
            """
            Keep FastCGI in the pod (a unix socket in a shared `emptyDir`) and publish only nginx's port; when
            php-fpm must stay behind a Service, add a NetworkPolicy that lets only nginx's pods reach its port.""",
            new Example("yaml", """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: shop-php-fpm}
                    spec:
                      podSelector: {matchLabels: {app: shop-php-fpm}}
                      policyTypes: [Ingress]
                      ingress:
                        - from: [{podSelector: {matchLabels: {app: shop-nginx}}}]
                          ports: [{port: 9000}]""")),
    SETUP_CANNOT_FAIL("setup-cannot-fail", Level.ERROR, "A failed setup step goes unnoticed",
            """
            An init container of a PHP workload, or a Job's container, runs a `sh -c` (or `bash -c`) script of
            several steps separated by `;` or new lines, without `set -e` (nor `-e` among the shell's flags,
            `set -o errexit`, `set -euo pipefail` …) and without `&&` between them. The shell goes on after a
            failed step and exits with the last step's status: a migration, a cache build or a copy that
            failed passes for done, and the pod starts (or the release goes on) on a half-done setup. Scripts
            with `if`, loops or functions are not read; a step followed by `|| …` handles its failure.""",
            """
            Start the script with `set -e` (or run `sh -ec`), or join the steps with `&&`, so the first
            failure fails the container and Kubernetes retries it or stops there.""",
            new Example("yaml", """
                    initContainers:
                      - name: setup
                        image: registry.example.com/shop:1.4.2
                        command: [sh, -c]
                        args:
                          - |
                            set -e                   # before: absent, so a failed config:cache went unnoticed
                            php artisan config:cache
                            php artisan route:cache""")),
    MUTABLE_CODE_IMAGE("mutable-code-image", Level.ERROR, "The code image is pulled by a tag that moves",
            """
            The image that carries the app's code (the one the init container copies from, or php-fpm's own
            image, or that of a container running nginx and php-fpm together, when it is not a stock
            runtime such as `php`, `bitnami/php-fpm` or `webdevops/php-nginx`) is named by a tag that moves: `latest`,
            no tag, or a branch or environment (`main`, `master`, `dev`, `develop`, `staging`, `stable`,
            `prod`, `production`, `edge`, `nightly`), with no `@sha256:` digest, and it is pulled more than
            once: by several pods (replicas, an autoscaler, a DaemonSet), or by the copy step and php-fpm with
            `imagePullPolicy: Always` (the default for `latest`). Each pull can get another build: pods serve
            different releases, the copied code runs against another build's vendor folder, and a rollback
            does not roll back.""",
            """
            Tag each build immutably (the release's version or the git commit: `shop:1.4.2`, `shop:3f9c2ab`)
            or pin the digest (`shop@sha256:…`), and roll out by changing that tag; phpod's chart takes one
            `image.tag` for every container.""",
            new Example("yaml", """
                    initContainers:
                      - {name: copy-code, image: registry.example.com/shop:1.4.2}   # before: shop:latest
                    containers:
                      - {name: php-fpm, image: registry.example.com/shop:1.4.2}     # before: shop:latest""")),
    NGINX_ROOT_WITHOUT_CODE("nginx-root-without-code", Level.ERROR, "nginx's root or php-fpm's script path holds no code",
            """
            Either nginx runs a stock image (`nginx`, `nginxinc/nginx-unprivileged`, `bitnami/nginx`) and the
            `root` of a server that passes to FastCGI is under none of its volume mounts, while a request for
            `/` needs files there (no `try_files` fallback to PHP, or a PHP location that checks
            `try_files $uri =404`): nginx answers 404 for the app. Or nginx builds `SCRIPT_FILENAME` from
            `$document_root` and mounts the code volume at its root's path, but php-fpm (a stock `php` image,
            same pod) mounts that volume elsewhere and nothing at that path: php-fpm answers "File not
            found.". Reported only where both sides are known.""",
            """
            Mount the code where nginx's `root` points (the same volume, at the same path in nginx and
            php-fpm), or change `root` to the path where the code is mounted.""",
            new Example("yaml", """
                    # nginx: root /var/www/html/public;  fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
                    - name: nginx
                      volumeMounts: [{name: code, mountPath: /var/www/html}]
                    - name: php-fpm
                      volumeMounts: [{name: code, mountPath: /var/www/html}]   # before: /app""")),
    PHP_FPM_STOPPED_ABRUPTLY("php-fpm-stopped-abruptly", Level.ERROR, "php-fpm is stopped with SIGTERM, which drops the requests in flight",
            """
            php-fpm ends at once on SIGTERM, cutting every request its workers are running; SIGQUIT makes it
            finish them first (the official `php` images set `STOPSIGNAL SIGQUIT` for that). Reported on clear
            evidence only: a `preStop` hook of php-fpm's container that sends it TERM (`kill 1`,
            `kill -TERM …`, `kill -15 …`, `pkill php-fpm`, `killall php-fpm`: TERM is `kill`'s default), or
            `lifecycle.stopSignal: SIGTERM`. Every rollout and scale-down then answers 502 to the requests in
            flight. A php-fpm without a hook is not reported.""",
            """
            Send SIGQUIT (`kill -QUIT 1`) or drop the hook and let the image's `STOPSIGNAL SIGQUIT` act; give
            `terminationGracePeriodSeconds` room for the longest request, and set php-fpm's
            `process_control_timeout` below it.""",
            new Example("yaml", """
                    - name: php-fpm
                      lifecycle:
                        preStop:
                          exec: {command: [sh, -c, "sleep 5 && kill -QUIT 1"]}   # before: kill -TERM 1"""));

    /** How serious a finding is: SARIF's {@code error} and {@code warning}. Both make the exit code 1. */
    public enum Level {
        ERROR, WARNING;

        /** "error", "warning": as SARIF, the JSON output and --explain spell it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A before/after snippet in a language ("yaml", "sh", "nginx", "ini") that Markdown can highlight. */
    public record Example(String language, String text) {
    }

    public final String id;
    public final Level level;
    /** One line: what is wrong. */
    public final String title;
    /** When it fires and why it matters (Markdown, hard-wrapped). */
    public final String why;
    /** What to change (Markdown, hard-wrapped). */
    public final String fix;
    public final Example example;

    Rule(String id, Level level, String title, String why, String fix, Example example) {
        this.id = id;
        this.level = level;
        this.title = title;
        this.why = why.strip();
        this.fix = fix.strip();
        this.example = example;
    }

    /** What a finding tells the reader to run for the rule's docs: the binary has them, not a URL. */
    public String help() {
        return "phpod check --explain " + id;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    /** Every id, in the registry's order, comma-separated: what error messages and --help list. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(r -> r.id).toList());
    }
}
