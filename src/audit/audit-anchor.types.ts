import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsString, Matches, Min } from 'class-validator';
import { GraphQLDateTime } from '../common/scalars';

@ObjectType('AuditCheckpoint', {
  description: "A signed statement that the authority's audit log of treeSize events has this Merkle root.",
})
export class AuditCheckpointType {
  @Field(() => String, { description: "the authority's code, as in tokens" })
  authority: string;

  @Field(() => Int)
  treeSize: number;

  @Field(() => String, {
    description:
      'lower-case hex SHA-256 Merkle tree hash (RFC 9162 section 2.1.1) over events 1..treeSize; leaf i is the event of sequence i, its leaf input the 32 bytes of its hash',
  })
  rootHash: string;

  @Field(() => GraphQLDateTime)
  signedAt: Date;

  @Field(() => String, { description: 'the id of the Ed25519 key in GET /audit/keys (a JWK set)' })
  keyId: string;

  @Field(() => String, {
    description: 'the exact text that was signed; it contains the authority, treeSize and rootHash',
  })
  signedText: string;

  @Field(() => String, { description: 'base64url Ed25519 signature over signedText (UTF-8)' })
  signature: string;
}

@InputType('AuditCheckpointInput')
export class AuditCheckpointInput {
  @Field(() => Int)
  @IsInt()
  @Min(0)
  treeSize: number;

  @Field(() => String)
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits' })
  rootHash: string;

  @Field(() => String)
  @IsString()
  keyId: string;

  @Field(() => String)
  @IsString()
  signedText: string;

  @Field(() => String)
  @IsString()
  signature: string;
}

@ObjectType('AuditInclusionProof')
export class AuditInclusionProofType {
  @Field(() => Int)
  sequence: number;

  @Field(() => Int)
  treeSize: number;

  @Field(() => String)
  leafHash: string;

  @Field(() => [String], { description: 'RFC 9162 section 2.1.3.1 audit path, lower-case hex, leaf to root' })
  path: string[];
}
