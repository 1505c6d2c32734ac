{{/* Names and labels. */}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The resource name of one component: dict "root" $ "component" "gateway". */}}
{{- define "switchboard.componentName" -}}
{{- printf "%s-%s" (include "switchboard.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "switchboard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "switchboard.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: switchboard
{{- end -}}

{{/* The image reference of a component's values: dict "root" $ "image" .Values.gateway.image. */}}
{{- define "switchboard.image" -}}
{{- $repository := .image.repository -}}
{{- if .root.Values.imageRegistry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" .root.Values.imageRegistry) $repository -}}
{{- end -}}
{{- printf "%s:%s" $repository (toString (default .root.Chart.AppVersion .image.tag)) -}}
{{- end -}}

{{/* Seconds a pod may take to stop: preStop sleep, in-app drain, stream grace, and a margin for the flush. */}}
{{- define "switchboard.terminationGracePeriodSeconds" -}}
{{- $s := .Values.shutdown -}}
{{- add (mul 2 (int $s.drainSeconds)) (int $s.graceSeconds) (int $s.marginSeconds) -}}
{{- end -}}

{{/* Whether the gateway may run more than one replica. */}}
{{/* "true" when gateway.workers asks for more than one process per pod (validated in _validate.tpl). */}}
{{- define "switchboard.gatewayHasWorkers" -}}
{{- $w := .Values.gateway.workers -}}
{{- if and (or (kindIs "float64" $w) (kindIs "int64" $w) (kindIs "int" $w)) (gt (int $w) 1) -}}true{{- end -}}
{{- end -}}

{{- define "switchboard.gatewayMayScaleOut" -}}
{{- $g := .Values.gateway -}}
{{- if or (gt (int $g.replicas) 1) (and $g.hpa.enabled (gt (int $g.hpa.maxReplicas) 1)) -}}true{{- end -}}
{{- end -}}

{{/* The config.yaml text, from a YAML string or an object. */}}
{{- define "switchboard.configYaml" -}}
{{- if kindIs "string" .Values.config -}}
{{- .Values.config -}}
{{- else -}}
{{- toYaml .Values.config -}}
{{- end -}}
{{- end -}}
