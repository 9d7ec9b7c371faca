# platform.runtime — the two commands of the README, and the layers behind them.
SHELL := /bin/bash
VENV := .venv/bin
# The test bed's pinned upstream data beside the clone, given to the collection as a pre-fetched directory (its
# documented setting platform_upstream_dir). Without it the collection downloads and verifies the data itself.
SHARED_UPSTREAM := $(wildcard $(CURDIR)/../shared/upstream)
UPSTREAM_ARGS := $(if $(SHARED_UPSTREAM),-e platform_upstream_dir=$(abspath $(SHARED_UPSTREAM)))

.PHONY: setup site test lint sanity unit matrix integration molecule build clean-local

setup:            ## apt packages, .venv, control-plane binaries (cached), collection link
	bash scripts/bootstrap.sh

site: setup       ## the main job on this machine: the whole platform on the local control plane
	$(VENV)/ansible-playbook site.yml -i inventories/local $(UPSTREAM_ARGS)

test:             ## everything CI runs, from a fresh clone
	bash scripts/test.sh

lint: setup
	bash scripts/test.sh lint

sanity: setup
	bash scripts/test.sh sanity

unit: setup
	bash scripts/test.sh unit

matrix: setup
	bash scripts/test.sh matrix

integration: setup
	bash scripts/test.sh integration

molecule: setup
	bash scripts/test.sh molecule

build: setup
	bash scripts/test.sh build

clean-local:      ## stop the local control plane started by `make site`
	$(VENV)/ansible-playbook site.yml -i inventories/local -e platform_cluster_state=absent
