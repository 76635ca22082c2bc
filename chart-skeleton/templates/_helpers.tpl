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

{{/*
Grace period: drain, then the longest a request may still run (nginx read timeout or php-fpm's
process_control_timeout), plus a margin for the two processes to exit.
*/}}
{{- define "phpod.terminationGracePeriodSeconds" -}}
{{- $drain := int .Values.shutdown.drainSeconds }}
{{- $read := int .Values.nginx.fastcgi.readTimeoutSeconds }}
{{- $pct := int .Values.php.fpm.processControlTimeoutSeconds }}
{{- add $drain (max $read $pct) 10 }}
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
