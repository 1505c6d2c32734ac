{{/*
One database endpoint as discrete variables: dict "endpoint" .Values.database.writer "suffix" "".
The chart never assembles DATABASE_URL: libs/db-url does, so any character in a password works.
Empty fields are left out, so a reader falls back to the writer's value.
*/}}
{{- define "switchboard.databaseEndpointEnv" -}}
{{- $e := .endpoint -}}
{{- $suffix := .suffix -}}
- name: DATABASE_HOST{{ $suffix }}
  value: {{ $e.host | quote }}
{{- if $e.port }}
- name: DATABASE_PORT{{ $suffix }}
  value: {{ toString $e.port | quote }}
{{- end }}
{{- if $e.dbname }}
- name: DATABASE_NAME{{ $suffix }}
  value: {{ $e.dbname | quote }}
{{- end }}
{{- if $e.user }}
- name: DATABASE_USER{{ $suffix }}
  value: {{ $e.user | quote }}
{{- end }}
{{- if $e.schema }}
- name: DATABASE_SCHEMA{{ $suffix }}
  value: {{ $e.schema | quote }}
{{- end }}
{{- if $e.sslmode }}
- name: DATABASE_SSLMODE{{ $suffix }}
  value: {{ $e.sslmode | quote }}
{{- end }}
{{- if $e.sslrootcert }}
- name: DATABASE_SSLROOTCERT{{ $suffix }}
  value: {{ $e.sslrootcert | quote }}
{{- end }}
{{- if kindIs "bool" $e.useIAMAuth }}
{{- if or $e.useIAMAuth (ne $suffix "") }}
- name: IAM_TOKEN_DB_AUTH{{ $suffix }}
  value: {{ $e.useIAMAuth | quote }}
{{- end }}
{{- end }}
{{- if $e.passwordSecret.name }}
- name: DATABASE_PASSWORD{{ $suffix }}
  valueFrom:
    secretKeyRef:
      name: {{ $e.passwordSecret.name | quote }}
      key: {{ $e.passwordSecret.key | quote }}
{{- end }}
{{- end -}}

{{/* The writer (and, with reader, the read replica twins) for the root context; nothing without a writer. */}}
{{- define "switchboard.databaseEnv" -}}
{{- $db := .root.Values.database -}}
{{- if $db.writer.host }}
{{ include "switchboard.databaseEndpointEnv" (dict "endpoint" $db.writer "suffix" "") }}
{{- if and .withReader $db.reader.host }}
{{ include "switchboard.databaseEndpointEnv" (dict "endpoint" $db.reader "suffix" "_READ_REPLICA") }}
{{- end }}
{{- if $db.awsRegion }}
- name: AWS_REGION
  value: {{ $db.awsRegion | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The environment of gateway and backend: dict "root" $ "component" "gateway". */}}
{{- define "switchboard.appEnv" -}}
{{- $v := .root.Values -}}
{{- $c := index $v .component -}}
- name: PORT
  value: {{ toString $c.port | quote }}
- name: HOST
  value: "0.0.0.0"
- name: NODE_ENV
  value: production
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
# App pods never change the schema: the migrations Job does, once per release.
- name: DISABLE_SCHEMA_UPDATE
  value: "true"
- name: STORE_MODEL_IN_DB
  value: {{ $v.storeModelInDb | quote }}
- name: SHUTDOWN_DRAIN_MS
  value: {{ mul (int $v.shutdown.drainSeconds) 1000 | quote }}
- name: SHUTDOWN_GRACE_MS
  value: {{ mul (int $v.shutdown.graceSeconds) 1000 | quote }}
- name: SWITCHBOARD_MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $v.masterKey.secretName | quote }}
      key: {{ $v.masterKey.key | quote }}
{{- if eq .component "gateway" }}
# Gateway processes in this pod (node:cluster on one port); scale out with replicas/HPA first.
- name: GATEWAY_WORKERS
  value: {{ int $c.workers | toString | quote }}
{{- if and (gt (int $c.workers) 1) (not $v.redis.enabled) $v.allowReplicaLocalLimits }}
- name: GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS
  value: "true"
{{- end }}
{{- end }}
{{- if and (eq .component "gateway") $c.metricsToken.secretName }}
# /metrics then answers only "Authorization: Bearer <token>": the scraper reads the same Secret.
- name: METRICS_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $c.metricsToken.secretName | quote }}
      key: {{ $c.metricsToken.key | quote }}
{{- end }}
{{- if $v.config }}
- name: CONFIG_FILE_PATH
  value: /etc/switchboard/config.yaml
{{- end }}
{{- if $v.redis.enabled }}
- name: REDIS_HOST
  value: {{ $v.redis.host | quote }}
- name: REDIS_PORT
  value: {{ toString $v.redis.port | quote }}
{{- if $v.redis.passwordSecret.name }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $v.redis.passwordSecret.name | quote }}
      key: {{ $v.redis.passwordSecret.key | quote }}
{{- end }}
{{- end }}
{{- include "switchboard.databaseEnv" (dict "root" .root "withReader" true) }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with $c.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
