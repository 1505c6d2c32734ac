{{/*
Refuses values that would deploy something broken or unsafe, each with a message that says how to fix it.
Included by validate.yaml, so it runs on every install, upgrade and template.
*/}}
{{- define "switchboard.validate" -}}
{{- $v := .Values -}}

{{- if not $v.masterKey.secretName -}}
{{- fail "masterKey.secretName is required: create a Secret with the master key (kubectl create secret generic switchboard-master-key --from-literal=SWITCHBOARD_MASTER_KEY=sk-...) and set masterKey.secretName. The chart never takes the key inline." -}}
{{- end -}}
{{- if not $v.masterKey.key -}}
{{- fail "masterKey.key must name the key inside masterKey.secretName (default SWITCHBOARD_MASTER_KEY)." -}}
{{- end -}}

{{- $writer := $v.database.writer -}}
{{- $reader := $v.database.reader -}}
{{- if and $writer.useIAMAuth $writer.passwordSecret.name -}}
{{- fail "database.writer: useIAMAuth and passwordSecret are exclusive: with IAM auth the password is a fresh RDS IAM token. Remove database.writer.passwordSecret.name or set useIAMAuth=false." -}}
{{- end -}}
{{- $readerIAM := $writer.useIAMAuth -}}
{{- if kindIs "bool" $reader.useIAMAuth -}}{{- $readerIAM = $reader.useIAMAuth -}}{{- end -}}
{{- if and $reader.host $readerIAM $reader.passwordSecret.name -}}
{{- fail "database.reader: useIAMAuth (its own or the writer's) and passwordSecret are exclusive: with IAM auth the password is a fresh RDS IAM token. Remove database.reader.passwordSecret.name or set database.reader.useIAMAuth=false." -}}
{{- end -}}
{{- if and $reader.host (not $writer.host) -}}
{{- fail "database.reader.host is set without database.writer.host: a read replica needs the writer." -}}
{{- end -}}
{{- if and $v.redis.enabled (not $v.redis.host) -}}
{{- fail "redis.enabled is true but redis.host is empty: set redis.host (and redis.port, redis.passwordSecret)." -}}
{{- end -}}

{{- if and (include "switchboard.gatewayMayScaleOut" .) (not $v.redis.enabled) (not $v.allowReplicaLocalLimits) -}}
{{- fail "gateway: more than one replica (gateway.replicas or gateway.hpa.maxReplicas > 1) without Redis multiplies every rate limit by the replica count, since each replica counts on its own. Set redis.enabled=true with redis.host, or set allowReplicaLocalLimits=true to accept per-replica limits." -}}
{{- end -}}

{{- $workers := $v.gateway.workers -}}
{{- $workersIsNumber := or (kindIs "float64" $workers) (kindIs "int64" $workers) (kindIs "int" $workers) -}}
{{- if or (not $workersIsNumber) (lt (float64 $workers) 1.0) (gt (float64 $workers) 64.0) (ne (float64 (int $workers)) (float64 $workers)) -}}
{{- fail (printf "gateway.workers must be a whole number from 1 to 64 (got %v): processes per pod, about one per requested core. \"auto\" is not offered here: it would count the node's cores, not the pod's CPU limit." $workers) -}}
{{- end -}}
{{- if and (include "switchboard.gatewayHasWorkers" .) (not $v.redis.enabled) (not $v.allowReplicaLocalLimits) -}}
{{- fail "gateway: gateway.workers > 1 without Redis multiplies every rate limit by the worker count, since each worker process counts on its own. Set redis.enabled=true with redis.host, or set allowReplicaLocalLimits=true to accept per-process limits." -}}
{{- end -}}

{{- range $name := list "drainSeconds" "graceSeconds" "marginSeconds" -}}
{{- $value := index $v.shutdown $name -}}
{{- $isNumber := or (kindIs "float64" $value) (kindIs "int64" $value) (kindIs "int" $value) -}}
{{- if or (not $isNumber) (lt (int $value) 0) -}}
{{- fail (printf "shutdown.%s must be a whole number of seconds >= 0" $name) -}}
{{- end -}}
{{- end -}}

{{- range $path := $v.ingress.extraPaths -}}
{{- if or (eq (toString $path.path) "/metrics") (hasPrefix "/metrics/" (toString $path.path)) -}}
{{- fail "ingress.extraPaths: /metrics is for the cluster (Prometheus) and is never exposed through the ingress." -}}
{{- end -}}
{{- end -}}
{{- end -}}
