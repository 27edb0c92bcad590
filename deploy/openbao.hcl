# OpenBao in server mode for docker-compose.yml: integrated storage (raft) in the vault-data
# volume, sealed at every start; the vault-setup service (scripts/openbao-setup.sh) initialises,
# unseals and prepares it. scripts/production-shape.ts runs the same shape on this machine.
storage "raft" {
  path    = "/openbao/data"
  node_id = "sis-bridge-vault"
}

listener "tcp" {
  address         = "0.0.0.0:8200"
  cluster_address = "0.0.0.0:8201"
  # Plain HTTP inside the compose network only; terminate TLS in front of it in production.
  tls_disable = true
}

api_addr     = "http://vault:8200"
cluster_addr = "http://vault:8201"
