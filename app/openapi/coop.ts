// The cooperative space of an organization or a project: rooms, proposals with amendments and votes, actions.
import {
  actionPatchSchema, actionSchema, amendingSchema, amendmentSchema, amendmentVoteSchema, ballotSchema, editProposalSchema, proposalSchema,
  roomSchema, votingSchema,
} from '../coop/model.ts';
import { id, json, responses, tagged, textParam, type Paths } from './describe.ts';

const element = [textParam('element', 'The id or slug of the organization or project')];

export const coopPaths = (): Paths => tagged('Cooperative space', {
  '/api/v1/coop/spaces': { get: { summary: 'The spaces of the organizations and projects I take part in (mine), and others I may see that have rooms', responses: responses('{ mine, others }') } },
  '/api/v1/coop/spaces/{element}': {
    get: { summary: 'A space: rooms, open proposals, resolutions, rejected ones, actions, participants, and what I may do; deadlines passed are settled first', parameters: element, responses: responses('Space') },
  },
  '/api/v1/coop/spaces/{element}/rooms': { post: { summary: 'Open a room in a space (its members)', parameters: element, requestBody: json(roomSchema), responses: responses('Room', '201') } },
  '/api/v1/coop/spaces/{element}/actions': { post: { summary: 'Add an action, carried out by members of the space (its members)', parameters: element, requestBody: json(actionSchema), responses: responses('Action', '201') } },
  '/api/v1/coop/actions/{id}': { patch: { summary: 'Move an action on (status, due date) or change who carries it out (members)', parameters: id, requestBody: json(actionPatchSchema), responses: responses('Action') } },
  '/api/v1/coop/proposals': { post: { summary: 'Draft a proposal in a room (members of its space)', requestBody: json(proposalSchema), responses: responses('Proposal', '201') } },
  '/api/v1/coop/proposals/{id}': {
    get: { summary: 'A proposal with its room, amendments, history, my votes, and the results when I may see them (with who voted what, unless the vote is anonymous)', parameters: id, responses: responses('Proposal view') },
    patch: { summary: 'Edit a draft (its author or an admin of the space)', parameters: id, requestBody: json(editProposalSchema), responses: responses('Proposal') },
  },
  '/api/v1/coop/proposals/{id}/amending': { post: { summary: 'Open a draft to amendments, until a date or until the vote starts (its author or an admin)', parameters: id, requestBody: json(amendingSchema), responses: responses('Proposal') } },
  '/api/v1/coop/proposals/{id}/amendments': { post: { summary: 'Propose an amendment: text added or replacing the whole (members, during the amendment period)', parameters: id, requestBody: json(amendmentSchema), responses: responses('Amendment', '201') } },
  '/api/v1/coop/amendments/{id}/vote': { put: { summary: 'Vote for or against an amendment, changeable while the amendment period lasts (members)', parameters: id, requestBody: json(amendmentVoteSchema), responses: responses('Amendment') } },
  '/api/v1/coop/proposals/{id}/voting': { post: { summary: 'Put a proposal to the vote (its author or an admin); open amendments are decided first', parameters: id, requestBody: json(votingSchema), responses: responses('Proposal') } },
  '/api/v1/coop/proposals/{id}/ballot': { put: { summary: 'Cast or change my ballot until the vote closes (members)', parameters: id, requestBody: json(ballotSchema), responses: responses('{ choice }') } },
  '/api/v1/coop/proposals/{id}/close': { post: { summary: "Close a vote whose closing time passed (members); refused while the box's clock is not confirmed", parameters: id, responses: responses('Proposal') } },
  '/api/v1/coop/proposals/{id}/tally': { get: { summary: 'The counts when I may see them (live results for members, everyone once closed); never who voted what', parameters: id, responses: responses('{ status, tally }') } },
});
