{{/*
Name helpers, in the helm create idiom: names are cut to 63 characters (DNS-1123 labels).
*/}}
{{- define "phpod.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "phpod.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "phpod.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "phpod.labels" -}}
helm.sh/chart: {{ include "phpod.chart" . }}
{{ include "phpod.selectorLabels" . }}
app.kubernetes.io/version: {{ include "phpod.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ include "phpod.name" . }}
{{- end }}

{{/* Selector labels: name and instance only, because selectors are immutable. */}}
{{- define "phpod.selectorLabels" -}}
app.kubernetes.io/name: {{ include "phpod.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "phpod.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "phpod.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image references: a digest wins over a tag; the app tag defaults to appVersion. */}}
{{- define "phpod.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "phpod.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (include "phpod.imageTag" .) }}
{{- end }}
{{- end }}

{{- define "phpod.nginxImage" -}}
{{- with .Values.nginx.image }}
{{- if .digest }}
{{- printf "%s@%s" .repository .digest }}
{{- else }}
{{- printf "%s:%s" .repository .tag }}
{{- end }}
{{- end }}
{{- end }}

{{/* The document root as php-fpm sees it (and nginx, at the same path). */}}
{{- define "phpod.docrootPath" -}}
{{- clean (printf "%s/%s" .Values.code.path .Values.code.docroot) }}
{{- end }}

{{/* Where the copy lands in nginx (and php-fpm with scope full): the docroot or the whole code path. */}}
{{- define "phpod.copyTarget" -}}
{{- if eq .Values.code.scope "full" }}
{{- clean .Values.code.path }}
{{- else }}
{{- include "phpod.docrootPath" . }}
{{- end }}
{{- end }}

{{/* The directory the init container copies from. */}}
{{- define "phpod.copySource" -}}
{{- include "phpod.copyTarget" . }}
{{- end }}

{{- define "phpod.fastcgiAddress" -}}
{{- if eq .Values.fastcgi.transport "tcp" }}
{{- printf "127.0.0.1:%d" (int .Values.fastcgi.port) }}
{{- else }}
{{- print "/run/phpod/php-fpm.sock" }}
{{- end }}
{{- end }}

{{/* The socket of php-fpm's probe pool (in the shared run volume; nginx never uses it). */}}
{{- define "phpod.probeSocket" -}}
/run/phpod/php-fpm-probe.sock
{{- end }}

{{/* The php-fpm probe's command: the image's PHP CLI, without ini files, runs fpm-probe.php. */}}
{{- define "phpod.fpmProbeCommand" -}}
{{- list .Values.php.cli "-n" (printf "%s/fpm-probe.php" .Values.php.configDir) (include "phpod.probeSocket" .) .Values.php.fpm.pingPath "pong" | toJson }}
{{- end }}

{{/*
Shutdown. Each preStop hook waits only through `wait_while SECONDS COMMAND...` (poll every 0.2 s
while COMMAND succeeds, at most SECONDS) and `sleep SECONDS`, so what a hook can wait for is the sum
of those numbers, and the grace period is that sum for the slower hook plus a margin for the
processes to exit after SIGTERM. `number TEXT`
succeeds for a decimal the shell's arithmetic takes safely (no sign, no leading zero, at most 12
digits): nothing a hook reads reaches `$((...))` without it.
nginx: mark that the pod stops, keep serving for drainSeconds, quit gracefully and wait for nginx
to exit; worker_shutdown_timeout (read timeout + 5 s) closes whatever is still open by then.
php-fpm: if nginx's mark appears within 2 s the whole pod stops, so wait for nginx to exit (every
request it accepted is answered), then stop gracefully (SIGQUIT). Without the mark only php-fpm is
restarting: it stops at once, without waiting for an nginx that stays.
The kubelet runs both hooks at the same moment, so the mark is written while php-fpm's hook reads
it: it is written to a temporary file and renamed into place (a reader sees no mark or a whole
one), and read without ever trusting its content to the shell's arithmetic. No mark: nginx is not
stopping. A mark holding a time: nginx began to stop then (fresh for 5 s). A mark that cannot be
read or holds anything else (empty, garbled, a number with a leading zero or too long for the
shell): fresh, because waiting for nginx is bounded and cutting its requests is not. A hook never
ends early on its own parsing; one that cannot mark or signal says so on stderr and goes on.
*/}}
{{- define "phpod.hookFunctions" -}}
wait_while() { n=$(($1 * 5)); shift; while [ $n -gt 0 ] && "$@"; do sleep 0.2; n=$((n - 1)); done; }
number() { case "$1" in '' | 0* | *[!0-9]* | ?????????????*) return 1 ;; esac; }
{{- end }}

{{- define "phpod.nginxExitSeconds" -}}
{{- add (int .Values.nginx.fastcgi.readTimeoutSeconds) 10 }}
{{- end }}

{{/* php-fpm's hook: how long it looks for nginx's mark, waits for nginx, waits for its own exit. */}}
{{- define "phpod.fpmMarkSeconds" -}}
2
{{- end }}

{{- define "phpod.fpmNginxWaitSeconds" -}}
{{- add (int .Values.shutdown.drainSeconds) (include "phpod.nginxExitSeconds" . | int) }}
{{- end }}

{{- define "phpod.fpmQuitSeconds" -}}
{{- add (int .Values.php.fpm.processControlTimeoutSeconds) 5 }}
{{- end }}

{{- define "phpod.nginxPreStop" -}}
{{ include "phpod.hookFunctions" . }}
mark=/run/phpod/nginx-stopping
{ date +%s > "$mark.$$" && mv -f "$mark.$$" "$mark"; } || { echo "preStop: cannot write $mark; an empty mark stands for it" >&2; : > "$mark"; }
sleep {{ int .Values.shutdown.drainSeconds }}
nginx -c /etc/phpod/nginx/nginx.conf -e stderr -s quit || { pid=$(cat /run/phpod/nginx.pid 2>/dev/null); if number "$pid"; then kill -QUIT "$pid"; else echo "preStop: no nginx to stop" >&2; fi; }
wait_while {{ include "phpod.nginxExitSeconds" . }} test -e /run/phpod/nginx.pid
{{- end }}

{{- define "phpod.fpmPreStop" -}}
{{ include "phpod.hookFunctions" . }}
marked() { [ -e /run/phpod/nginx-stopping ] || return 1; m=$(cat /run/phpod/nginx-stopping 2>/dev/null); now=$(date +%s); number "$m" && number "$now" || return 0; [ $((now - m)) -le 5 ]; }
unmarked() { ! marked; }
wait_while {{ include "phpod.fpmMarkSeconds" . }} unmarked
if marked; then wait_while {{ include "phpod.fpmNginxWaitSeconds" . }} test -e /run/phpod/nginx.pid; fi
kill -QUIT 1
wait_while {{ include "phpod.fpmQuitSeconds" . }} kill -0 1
{{- end }}

{{/* php-fpm's hook is the slower one: the sum of its waits, plus 3 s to exit after SIGTERM. */}}
{{- define "phpod.terminationGracePeriodSeconds" -}}
{{- add (include "phpod.fpmMarkSeconds" . | int) (include "phpod.fpmNginxWaitSeconds" . | int) (include "phpod.fpmQuitSeconds" . | int) 3 }}
{{- end }}

{{/* The upload limit in PHP's notation, from nginx's client_max_body_size. */}}
{{- define "phpod.phpSize" -}}
{{- $s := toString .Values.nginx.clientMaxBodySize | lower }}
{{- if hasSuffix "k" $s }}{{ trimSuffix "k" $s }}K
{{- else if hasSuffix "m" $s }}{{ trimSuffix "m" $s }}M
{{- else if hasSuffix "g" $s }}{{ trimSuffix "g" $s }}G
{{- else if eq $s "0" }}0
{{- else }}{{ $s }}
{{- end }}
{{- end }}

{{- define "phpod.probeTiming" -}}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
{{- end }}

{{- define "phpod.writableMounts" -}}
{{- range .Values.writablePaths }}
- name: writable-{{ .name }}
  mountPath: {{ clean .path }}
{{- end }}
{{- end }}

{{/* Writable paths inside the copy, relative to it, space-separated (their mount points). */}}
{{- define "phpod.nestedMountPoints" -}}
{{- $target := include "phpod.copyTarget" . }}
{{- $out := list }}
{{- range .Values.writablePaths }}
{{- $p := clean .path }}
{{- if hasPrefix (printf "%s/" $target) $p }}
{{- $out = append $out (trimPrefix (printf "%s/" $target) $p) }}
{{- end }}
{{- end }}
{{- join " " $out }}
{{- end }}

{{/*
Sizes in MiB, rounded up: "phpod.quantityMiB" reads a Kubernetes quantity (Ki, Mi, Gi, Ti, k, M,
G, T or bytes), "phpod.nginxMiB" an nginx size (k, m, g, case-insensitive, 1024-based, or bytes).
*/}}
{{- define "phpod.quantityMiB" -}}
{{- $s := toString . }}
{{- $num := regexFind "^[0-9]+(\\.[0-9]+)?" $s }}
{{- $unit := trimPrefix $num $s }}
{{- $mult := get (dict "" 1.0 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "k" 1000.0 "M" 1000000.0 "G" 1000000000.0 "T" 1000000000000.0) $unit }}
{{- ceil (divf (mulf (float64 $num) $mult) 1048576.0) | int64 }}
{{- end }}

{{- define "phpod.nginxMiB" -}}
{{- $s := lower (toString .) }}
{{- $num := regexFind "^[0-9]+" $s }}
{{- $mult := get (dict "" 1.0 "k" 1024.0 "m" 1048576.0 "g" 1073741824.0) (trimPrefix $num $s) }}
{{- ceil (divf (mulf (float64 $num) $mult) 1048576.0) | int64 }}
{{- end }}

{{/*
The /tmp volumes hold the request bodies on their way to PHP: php-fpm's holds up to one upload per
worker (PHP writes each uploaded file there), nginx's one buffered body per upload slot.
*/}}
{{- define "phpod.phpTmpMiB" -}}
{{- add (include "phpod.quantityMiB" .Values.tmpSizeLimit | int64) (mul (include "phpod.maxChildren" . | int64) (include "phpod.nginxMiB" .Values.nginx.clientMaxBodySize | int64)) }}
{{- end }}

{{/*
php-fpm's pool (pm.max_children) against its container's memory limit. Each worker is budgeted
php.fpm.workerMemory, else php.ini.memoryLimit (the most a request may allocate), and the master,
the probe pool's worker and opcache's shared memory come on top:
  need = workers x budget + php.ini.opcacheMemory + php.fpm.reservedMemory.
The kernel kills php-fpm when the container passes its limit, so a count whose need passes
php.resources.limits.memory is refused, and `auto` takes as many workers as fit (at least one, or
refused). Without a memory limit a count is taken as it is. PHP's shorthand (128M) reads like an
nginx size (1024-based, k/m/g), so "phpod.nginxMiB" reads it. phpod check's pool-exceeds-memory-limit
applies the same sum to manifests, with memory_limit as the budget.
*/}}
{{- define "phpod.maxChildren" -}}
{{- $fpm := .Values.php.fpm }}
{{- $auto := eq (toString $fpm.maxChildren) "auto" }}
{{- if not (or $auto (regexMatch "^[1-9][0-9]*$" (toString $fpm.maxChildren))) }}
{{- fail (printf "php.fpm.maxChildren %v is neither a count nor auto: give the number of workers, or auto to fit them in php.resources.limits.memory" $fpm.maxChildren) }}
{{- end }}
{{- $limits := .Values.php.resources.limits | default dict }}
{{- if not (hasKey $limits "memory") }}
{{- if $auto }}
{{- fail "php.fpm.maxChildren auto sizes the pool from php.resources.limits.memory, which is not set: set the limit, or give php.fpm.maxChildren a count" }}
{{- end }}
{{- int64 $fpm.maxChildren }}
{{- else }}
{{- $budgetFrom := ternary "php.fpm.workerMemory" "php.ini.memoryLimit" (not (empty $fpm.workerMemory)) }}
{{- $budgetText := toString (ternary $fpm.workerMemory .Values.php.ini.memoryLimit (not (empty $fpm.workerMemory))) }}
{{- if not (regexMatch "^[1-9][0-9]*[kKmMgG]?$" $budgetText) }}
{{- fail (printf "%s %s gives no budget per worker to fit the pool in php.resources.limits.memory: set php.fpm.workerMemory to what a worker uses at its peak (e.g. 96M)" $budgetFrom $budgetText) }}
{{- end }}
{{- $budget := include "phpod.nginxMiB" $budgetText | int64 }}
{{- $limit := include "phpod.quantityMiB" (get $limits "memory") | int64 }}
{{- $opcache := int64 .Values.php.ini.opcacheMemory }}
{{- $reserved := include "phpod.quantityMiB" $fpm.reservedMemory | int64 }}
{{- $fixed := add $opcache $reserved }}
{{- $fit := div (sub $limit $fixed) $budget }}
{{- if $auto }}
{{- if lt $fit 1 }}
{{- fail (printf "php.fpm.maxChildren auto: php.resources.limits.memory %d Mi cannot hold one worker of %d Mi (%s) beside php.ini.opcacheMemory %d Mi and php.fpm.reservedMemory %d Mi: raise the limit to at least %d Mi, or lower %s" $limit $budget $budgetFrom $opcache $reserved (add $budget $fixed) $budgetFrom) }}
{{- end }}
{{- $fit }}
{{- else }}
{{- $n := int64 $fpm.maxChildren }}
{{- $need := add (mul $n $budget) $fixed }}
{{- if gt $need $limit }}
{{- fail (printf "php-fpm may need %d Mi (php.fpm.maxChildren %d x %d Mi from %s + php.ini.opcacheMemory %d Mi + php.fpm.reservedMemory %d Mi) but php.resources.limits.memory is %d Mi, and the kernel kills php-fpm past it: raise the limit to at least %d Mi, lower php.fpm.maxChildren to %d, or set it to auto" $need $n $budget $budgetFrom $opcache $reserved $limit $need (max $fit 1)) }}
{{- end }}
{{- $n }}
{{- end }}
{{- end }}
{{- end }}

{{- define "phpod.nginxTmpMiB" -}}
{{- add (include "phpod.quantityMiB" .Values.tmpSizeLimit | int64) (mul (int64 .Values.nginx.maxConcurrentUploads) (include "phpod.nginxMiB" .Values.nginx.clientMaxBodySize | int64)) }}
{{- end }}

{{/*
A kubelet evicts a pod whose emptyDir volumes and container writable layers pass the sum of its
containers' ephemeral-storage limits. Refuses values under which the volumes alone may do so.
*/}}
{{- define "phpod.checkStorage" -}}
{{- $nginx := .Values.nginx.resources.limits | default dict }}
{{- $php := .Values.php.resources.limits | default dict }}
{{- if and (hasKey $nginx "ephemeral-storage") (hasKey $php "ephemeral-storage") }}
{{- $nginxLimit := include "phpod.quantityMiB" (get $nginx "ephemeral-storage") | int64 }}
{{- $limits := add $nginxLimit (include "phpod.quantityMiB" (get $php "ephemeral-storage") | int64) }}
{{- $code := ternary 0 (include "phpod.quantityMiB" .Values.code.sizeLimit | int64) (or (eq .Values.code.medium "Memory") (eq .Values.code.source "image")) }}
{{- $writable := 0 }}
{{- range .Values.writablePaths }}
{{- if not (include "phpod.claimName" (dict "root" $ "path" .)) }}
{{- $writable = add $writable (include "phpod.quantityMiB" (.sizeLimit | default "256Mi") | int64) }}
{{- end }}
{{- end }}
{{- $nginxTmp := include "phpod.nginxTmpMiB" . | int64 }}
{{- $phpTmp := include "phpod.phpTmpMiB" . | int64 }}
{{- $volumes := add $code 1 $nginxTmp $phpTmp $writable }}
{{- if gt (int64 $volumes) (int64 $limits) }}
{{- fail (printf "the pod's volumes may hold %d Mi (code.sizeLimit %d Mi, nginx /tmp %d Mi = tmpSizeLimit + nginx.maxConcurrentUploads x nginx.clientMaxBodySize, php-fpm /tmp %d Mi = tmpSizeLimit + php.fpm.maxChildren x nginx.clientMaxBodySize, writablePaths %d Mi) but the containers' ephemeral-storage limits add up to %d Mi, and a kubelet evicts a pod past them: raise nginx.resources.limits.ephemeral-storage to at least %d Mi, or lower those values" (int64 $volumes) (int64 $code) $nginxTmp $phpTmp (int64 $writable) (int64 $limits) (add (sub $volumes $limits) $nginxLimit)) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
code.source image needs image volumes with subPath: beta in Kubernetes 1.33 (behind the ImageVolume
feature gate until 1.35, where it is on by default). Refuses older clusters, where the pod would be
rejected or its volume never mounted.
*/}}
{{- define "phpod.checkImageVolume" -}}
{{- if not (semverCompare ">=1.33.0-0" .Capabilities.KubeVersion.Version) }}
{{- fail (printf "code.source image mounts the app image as an image volume, which Kubernetes %s does not have (1.33+, on by default from 1.35): use code.source copy on this cluster" .Capabilities.KubeVersion.Version) }}
{{- end }}
{{- end }}

{{/* Every writable path, space-separated (links into them are kept by the copy). */}}
{{- define "phpod.writablePaths" -}}
{{- $out := list }}
{{- range .Values.writablePaths }}
{{- $out = append $out (clean .path) }}
{{- end }}
{{- join " " $out }}
{{- end }}

{{/* Writable paths seeded from the image when their volume is empty, as NAME:PATH, space-separated. */}}
{{- define "phpod.seeds" -}}
{{- $out := list }}
{{- range .Values.writablePaths }}
{{- if .seed }}
{{- $out = append $out (printf "%s:%s" .name (clean .path)) }}
{{- end }}
{{- end }}
{{- join " " $out }}
{{- end }}

{{/*
FastCGI keep-alive (nginx.fastcgi.keepConn). Each idle connection nginx keeps holds one php-fpm
worker, which serves nothing else until nginx closes it: with half the pool held that way a heavier
page's p99 went to 0.98 s (measured). So every nginx worker keeps at most
(pm.max_children - 1) / (2 x worker_processes) connections, never more than 8, and values under
which not even one fits are refused (phpod check's fastcgi-keepalive-pins-workers uses the same rule).
*/}}
{{- define "phpod.fastcgiKeepalive" -}}
{{- $workers := .Values.nginx.workerProcesses }}
{{- if not (kindIs "float64" $workers) }}
{{- if not (regexMatch "^[0-9]+$" (toString $workers)) }}
{{- fail (printf "nginx.fastcgi.keepConn needs a number in nginx.workerProcesses (not %v): each worker keeps its own FastCGI connections, and each holds a php-fpm worker" $workers) }}
{{- end }}
{{- end }}
{{- $w := int64 $workers }}
{{- $max := include "phpod.maxChildren" . | int64 }}
{{- $k := div (sub $max 1) (mul 2 $w) }}
{{- if lt $k 1 }}
{{- fail (printf "nginx.fastcgi.keepConn: php.fpm.maxChildren %d is too small for %d nginx workers keeping FastCGI connections (each holds a php-fpm worker): raise php.fpm.maxChildren to at least %d, or turn keepConn off" $max $w (add (mul 2 $w) 1)) }}
{{- end }}
{{- min $k 8 }}
{{- end }}

{{/*
Data. A writable path mounts a claim when it names one (existingClaim), when the environment names
one for it (persistence.existingClaims), or when it is persistent (the chart's own claim,
<fullname>-<name>); else an emptyDir. "phpod.claimName" takes (dict "root" $ "path" .).
*/}}
{{- define "phpod.claimName" -}}
{{- $w := .path }}
{{- $existing := .root.Values.persistence.existingClaims | default dict }}
{{- if $w.existingClaim }}
{{- $w.existingClaim }}
{{- else if hasKey $existing $w.name }}
{{- get $existing $w.name }}
{{- else if $w.persistent }}
{{- printf "%s-%s" (include "phpod.fullname" .root) $w.name }}
{{- end }}
{{- end }}

{{/* The persistent writable paths whose claim the chart makes, space-separated. */}}
{{- define "phpod.ownClaims" -}}
{{- $existing := .Values.persistence.existingClaims | default dict }}
{{- $out := list }}
{{- range .Values.writablePaths }}
{{- if and .persistent (not .existingClaim) (not (hasKey $existing .name)) }}
{{- $out = append $out .name }}
{{- end }}
{{- end }}
{{- join " " $out }}
{{- end }}

{{/* More than one pod mounts the data claims at once (besides a rollout's surge): web pods, processes, schedules. */}}
{{- define "phpod.manyPods" -}}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) .Values.processes .Values.schedules }}true{{ end }}
{{- end }}

{{/* The access mode of the chart's claims: persistence.accessMode, or by the number of pods. */}}
{{- define "phpod.claimAccessMode" -}}
{{- if .Values.persistence.accessMode }}
{{- .Values.persistence.accessMode }}
{{- else if include "phpod.manyPods" . }}
{{- print "ReadWriteMany" }}
{{- else }}
{{- print "ReadWriteOnce" }}
{{- end }}
{{- end }}

{{/* The pod is replaced, not surged, when it mounts a ReadWriteOnce claim of the chart's: a second pod on another node could not attach it. */}}
{{- define "phpod.recreate" -}}
{{- if and (include "phpod.ownClaims" .) (ne (include "phpod.claimAccessMode" .) "ReadWriteMany") }}true{{ end }}
{{- end }}

{{/*
Commands of the app (processes, schedules, the release step), each in a pod of its own with the
app image and no nginx. Their pods are labelled after the command, so that no selector of the web
pod takes them. Each takes (dict "root" $ "name" NAME ...).
*/}}
{{- define "phpod.cliSelectorLabels" -}}
app.kubernetes.io/name: {{ include "phpod.name" .root }}-{{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "phpod.cliLabels" -}}
helm.sh/chart: {{ include "phpod.chart" .root }}
{{ include "phpod.cliSelectorLabels" . }}
app.kubernetes.io/version: {{ include "phpod.imageTag" .root | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: {{ include "phpod.name" .root }}
{{- end }}

{{/*
The claim a command's pod mounts at a writable path, or nothing for an emptyDir. Takes (dict "root"
$ "path" . "claims" CLAIMS). "all" (processes, schedules: they start with the release's objects)
mounts every claim. "release" (the release step, which runs before the release's objects exist or
change) mounts a claim that exists before the release and can be shared. With a cluster to ask
(helm upgrade --install), lookup says: one the cluster holds with ReadWriteMany; one it holds
otherwise is attached by the running web pod, maybe on another node. Without (helm template, lint,
Argo CD, or a claim not there yet, which lookup cannot tell apart), a claim made outside the chart
(existingClaim, persistence.existingClaims) unless persistence.accessMode is ReadWriteOnce, never
the chart's own: at a first install it does not exist and the pod would wait for it.
*/}}
{{- define "phpod.cliClaim" -}}
{{- $claim := include "phpod.claimName" . }}
{{- if and $claim (eq .claims "release") }}
{{- $found := lookup "v1" "PersistentVolumeClaim" .root.Release.Namespace $claim }}
{{- $theirs := or .path.existingClaim (hasKey (.root.Values.persistence.existingClaims | default dict) .path.name) }}
{{- if $found }}
{{- if not (has "ReadWriteMany" (dig "spec" "accessModes" list $found)) }}
{{- $claim = "" }}
{{- end }}
{{- else if or (not $theirs) (eq .root.Values.persistence.accessMode "ReadWriteOnce") }}
{{- $claim = "" }}
{{- end }}
{{- end }}
{{- $claim }}
{{- end }}

{{/* The MiB a command's pod may hold in its volumes: /tmp and the writable paths on emptyDirs. */}}
{{- define "phpod.cliVolumesMiB" -}}
{{- $root := .root }}
{{- $n := include "phpod.quantityMiB" $root.Values.tmpSizeLimit | int64 }}
{{- range $root.Values.writablePaths }}
{{- if not (include "phpod.cliClaim" (dict "root" $root "path" . "claims" $.claims)) }}
{{- $n = add $n (include "phpod.quantityMiB" (.sizeLimit | default "256Mi") | int64) }}
{{- end }}
{{- end }}
{{- $n }}
{{- end }}

{{/* php.resources, with an ephemeral-storage limit that holds the pod's volumes (a kubelet evicts a pod past it). */}}
{{- define "phpod.cliResources" -}}
{{- $res := deepCopy .root.Values.php.resources }}
{{- $limits := $res.limits | default dict }}
{{- if hasKey $limits "ephemeral-storage" }}
{{- $need := add (include "phpod.cliVolumesMiB" . | int64) 16 }}
{{- if gt (int64 $need) (include "phpod.quantityMiB" (get $limits "ephemeral-storage") | int64) }}
{{- $_ := set $limits "ephemeral-storage" (printf "%dMi" (int64 $need)) }}
{{- end }}
{{- end }}
{{- toYaml $res }}
{{- end }}

{{/*
A command's pod spec. Takes "command", "grace" (seconds), "restartPolicy", "claims" ("all" or
"release": which data claims it mounts, see phpod.cliClaim; emptyDirs in place of the others) and
"config" (the chart's ServiceAccount and PHP settings, which a pre-install hook cannot have: they
do not exist yet). The command starts in the code path, whatever the image's WORKDIR, so
`php artisan` or `bin/console` find the app.
*/}}
{{- define "phpod.cliPodSpec" -}}
{{- $root := .root }}
{{- if .config }}
serviceAccountName: {{ include "phpod.serviceAccountName" $root }}
{{- end }}
automountServiceAccountToken: {{ and .config $root.Values.serviceAccount.automount }}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
terminationGracePeriodSeconds: {{ .grace }}
restartPolicy: {{ .restartPolicy }}
{{- $seeded := list }}
{{- range $root.Values.writablePaths }}
{{- if .seed }}
{{- $seeded = append $seeded . }}
{{- end }}
{{- end }}
{{- if $seeded }}
initContainers:
  - name: seed
    image: {{ include "phpod.image" $root | quote }}
    imagePullPolicy: {{ $root.Values.image.pullPolicy }}
    command: ["/bin/sh", "-c"]
    args:
      - |
        {{- include "phpod.copyScript" $root | nindent 8 }}
    env:
      - name: PHPOD_COPY_SOURCE
        value: ""
      - name: PHPOD_COPY_METHOD
        value: {{ $root.Values.copy.method | quote }}
      - name: PHPOD_MOUNT_POINTS
        value: ""
      - name: PHPOD_SEEDS
        value: {{ include "phpod.seeds" $root | quote }}
      - name: PHPOD_WRITABLE_PATHS
        value: {{ include "phpod.writablePaths" $root | quote }}
    securityContext:
      {{- toYaml $root.Values.containerSecurityContext | nindent 6 }}
    resources:
      {{- toYaml $root.Values.copy.resources | nindent 6 }}
    volumeMounts:
      {{- range $seeded }}
      - name: writable-{{ .name }}
        mountPath: /phpod-seed/{{ .name }}
      {{- end }}
{{- end }}
containers:
  - name: {{ .name }}
    image: {{ include "phpod.image" $root | quote }}
    imagePullPolicy: {{ $root.Values.image.pullPolicy }}
    command:
      {{- toYaml .command | nindent 6 }}
    workingDir: {{ $root.Values.code.path }}
    {{- if or .config $root.Values.php.env }}
    env:
      {{- if .config }}
      - name: PHP_INI_SCAN_DIR
        value: ":{{ $root.Values.php.configDir }}"
      {{- end }}
      {{- with $root.Values.php.env }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    {{- end }}
    {{- with $root.Values.envFrom }}
    envFrom:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    securityContext:
      {{- toYaml $root.Values.containerSecurityContext | nindent 6 }}
    resources:
      {{- include "phpod.cliResources" . | nindent 6 }}
    volumeMounts:
      - name: tmp
        mountPath: /tmp
      {{- if .config }}
      - name: php-config
        mountPath: {{ $root.Values.php.configDir }}
        readOnly: true
      {{- end }}
      {{- include "phpod.writableMounts" $root | nindent 6 }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ $root.Values.tmpSizeLimit }}
  {{- if .config }}
  - name: php-config
    configMap:
      name: {{ include "phpod.fullname" $root }}-php
  {{- end }}
  {{- range $root.Values.writablePaths }}
  - name: writable-{{ .name }}
    {{- $claim := include "phpod.cliClaim" (dict "root" $root "path" . "claims" $.claims) }}
    {{- if $claim }}
    persistentVolumeClaim:
      claimName: {{ $claim }}
    {{- else }}
    emptyDir:
      sizeLimit: {{ .sizeLimit | default "256Mi" }}
    {{- end }}
  {{- end }}
{{- with $root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
